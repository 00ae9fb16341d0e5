using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A real SMTP server in process (the SmtpServer package) on a free loopback port: it keeps every message it accepts,
/// parsed with MimeKit, refuses mailboxes whose local part starts with <see cref="RejectedPrefix"/> with a permanent 550,
/// and answers a 451 the first time for those starting with <see cref="DeferredPrefix"/>. Made to stall, it never
/// answers the first message's DATA (a relay that hangs mid-send), keeping that message in <see cref="Stalled"/>.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    public const string RejectedPrefix = "nobody";
    public const string DeferredPrefix = "later";
    public const string RejectionReason = "5.1.1 No such user here";

    /// <summary>A message the server accepted, and when (the system clock).</summary>
    public sealed record Received(IReadOnlyList<string> Recipients, MimeMessage Message, DateTimeOffset At);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, bool> _deferred = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource<MimeMessage> _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _stall;

    public SmtpSink(bool stallFirstMessage = false)
    {
        _stall = stallFirstMessage;
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<Received> Messages { get; } = new();

    /// <summary>The message whose DATA a stalling server never answered, once it has been sent in full.</summary>
    public Task<MimeMessage> Stalled => _stalled.Task;

    /// <summary>What the test host is configured with to deliver here.</summary>
    public IReadOnlyDictionary<string, string> Settings(IReadOnlyDictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["MailTracker:Smtp:Host"] = "127.0.0.1",
            ["MailTracker:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MailTracker:Smtp:Security"] = "none",
            ["MailTracker:Smtp:PollInterval"] = "00:00:00.050",
            ["MailTracker:Smtp:RetryDelay"] = "00:00:00.100",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>()) settings[key] = value;
        return settings;
    }

    /// <summary>The messages received for <paramref name="address"/>, once at least <paramref name="count"/> have arrived (10 s at most).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count = 1) =>
        [.. (await WaitForReceivedAsync(address, count, TimeSpan.FromSeconds(10))).Select(m => m.Message)];

    /// <summary>What was received for <paramref name="address"/>, with the times, once <paramref name="count"/> arrived or <paramref name="timeout"/> passed.</summary>
    public async Task<IReadOnlyList<Received>> WaitForReceivedAsync(string address, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Messages.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline) return found;
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (sink._stall && sink._stalled.TrySetResult(message))
            {
                // No answer to this DATA until the session ends: the sender hangs as on a relay that stalls mid-send.
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }
                return SmtpResponse.TransactionFailed;
            }
            sink.Messages.Enqueue(new Received([.. transaction.To.Select(m => $"{m.User}@{m.Host}")], message, TimeProvider.System.GetUtcNow()));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpSink sink) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (to.User.StartsWith(RejectedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, RejectionReason));
            }
            if (to.User.StartsWith(DeferredPrefix, StringComparison.OrdinalIgnoreCase) && sink._deferred.TryAdd($"{to.User}@{to.Host}", true))
            {
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)451, "4.7.1 Greylisted, try again later"));
            }
            return Task.FromResult(true);
        }
    }
}
