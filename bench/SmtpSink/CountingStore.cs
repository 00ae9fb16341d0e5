using System.Buffers;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MailTracker.SmtpSink;

/// <summary>Accepts every message and only counts it.</summary>
public sealed class CountingStore : MessageStore
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return Task.FromResult(SmtpResponse.Ok);
    }
}
