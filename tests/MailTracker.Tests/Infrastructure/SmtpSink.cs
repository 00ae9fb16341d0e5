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
/// and answers a 451 the first time for those starting with <see cref="DeferredPrefix"/>.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    public const string RejectedPrefix = "nobody";
    public const string DeferredPrefix = "later";
    public const string RejectionReason = "5.1.1 No such user here";

    public sealed record Received(IReadOnlyList<string> Recipients, MimeMessage Message);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, bool> _deferred = new(StringComparer.OrdinalIgnoreCase);

    public SmtpSink()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<Received> Messages { get; } = new();

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
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = Messages.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).Select(m => m.Message).ToList();
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
            sink.Messages.Enqueue(new Received([.. transaction.To.Select(m => $"{m.User}@{m.Host}")], message));
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
