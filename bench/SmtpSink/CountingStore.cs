using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MailTracker.SmtpSink;

/// <summary>
/// Accepts every message and keeps only its Message-ID: how many arrived, how many distinct ones (a copy sent twice
/// shows as a duplicate), and when the last one came.
/// </summary>
public sealed class CountingStore(TimeProvider time) : MessageStore
{
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private long _count;
    private long _lastUnixMs;

    public long Count => Interlocked.Read(ref _count);

    public int Distinct => _seen.Count;

    public DateTimeOffset LastReceived => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _lastUnixMs));

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        // The headers only: the body is the sender's business, not the count's.
        using var stream = new MemoryStream(buffer.ToArray());
        var headers = await HeaderList.LoadAsync(stream, cancellationToken);
        _seen.AddOrUpdate(headers[HeaderId.MessageId] ?? "", 1, (_, n) => n + 1);
        Interlocked.Increment(ref _count);
        Interlocked.Exchange(ref _lastUnixMs, time.GetUtcNow().ToUnixTimeMilliseconds());
        return SmtpResponse.Ok;
    }
}
