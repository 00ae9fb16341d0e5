using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailTracker.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailTracker.Grains.Messages;

/// <summary>
/// Hands the outbox's due entries to the SMTP relay, one personalised copy per recipient, a batch's copies at once over
/// the pool's kept connections (<see cref="SmtpOptions.MaxConnections"/>); the next batch is leased while one sends.
/// Entries are leased, not taken: a silo that dies mid-batch leaves them due again when the lease ends, and a silo that
/// leases an entry is the only one sending it meanwhile; each lease counts as an attempt, so a copy that keeps killing
/// its sender ends failed too. Once a batch is sent, each message gets its answers in one report, then the batch's
/// finished entries leave the outbox in one delete. 5xx for a recipient bounces it; 4xx and connection failures retry
/// with a doubling wait until <see cref="SmtpOptions.MaxAttempts"/>.
/// </summary>
public sealed class EmailOutboxSender(
    IEmailStore store,
    IGrainFactory grains,
    IOptions<SmtpOptions> options,
    TimeProvider time,
    ILogger<EmailOutboxSender> logger) : BackgroundService
{
    /// <summary>Copies a batch sends per connection: enough that a batch's reads and writes are few per copy.</summary>
    private const int BatchPerConnection = 25;

    /// <summary>One batch sending while the next is leased and loaded, and a finished one's reports being written.</summary>
    private const int BatchesInFlight = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Configured) return;
        await using var pool = new SmtpConnectionPool(options.Value, time);
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count >= BatchesInFlight) inFlight.Remove(await Task.WhenAny(inFlight));
                var entries = await LeaseAsync(pool.Size * BatchPerConnection, stoppingToken);
                if (entries.Count == 0)
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                    continue;
                }
                inFlight.Add(SendBatchAsync(pool, entries, stoppingToken));
            }
        }
        finally
        {
            // The batches under way report what they sent before the pool's connections close.
            await Task.WhenAll(inFlight);
        }
    }

    private async Task<IReadOnlyList<OutboxEntry>> LeaseAsync(int limit, CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            return await store.LeaseAsync(now, now + options.Value.Lease, limit, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Email outbox: leasing due entries failed; trying again");
            return [];
        }
    }

    /// <summary>Never throws: a failure leaves the batch's unfinished entries due again when their lease ends.</summary>
    private async Task SendBatchAsync(SmtpConnectionPool pool, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        var leasedAt = time.GetUtcNow();
        try
        {
            var ids = entries.Select(e => e.EmailId).Distinct().ToList();
            var loaded = await Task.WhenAll(ids.Select(id => store.GetAsync(id, cancellationToken)));
            var emails = ids.Zip(loaded).ToDictionary(p => p.First, p => p.Second);
            // Each message's word before SMTP, once a batch: a message cancelled meanwhile, or a recipient already answered
            // for (an entry that outlived a crash), is not handed to the relay.
            var going = (await Task.WhenAll(entries.GroupBy(e => e.EmailId).Select(async m =>
                    await grains.GetGrain<IEmailGrain>(m.Key).BeginSendingAsync([.. m.Select(e => e.RecipientToken)]))))
                .SelectMany(tokens => tokens).ToHashSet(StringComparer.Ordinal);
            var signer = new EmailSigner(grains);
            await signer.PrepareAsync(emails.Values.OfType<EmailInfo>());
            var finished = new ConcurrentQueue<(OutboxEntry Entry, DeliveryReport? Report)>();
            try
            {
                await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = pool.Size, CancellationToken = cancellationToken }, async (entry, token) =>
                {
                    // No send starts in the lease's second half: whatever is handed over happens while this silo holds the
                    // entry (no SMTP command outwaits a third of the lease), and entries left over are due at its end.
                    if (time.GetUtcNow() - leasedAt > options.Value.Lease / 2) return;
                    var email = emails[entry.EmailId];
                    var recipient = email?.Recipients.FirstOrDefault(r => r.Token == entry.RecipientToken);
                    // A message or recipient that is gone, cancelled or answered for has nothing left to send or to report.
                    if (email is null || recipient is null || !going.Contains(entry.RecipientToken)) finished.Enqueue((entry, null));
                    else if (await SendAsync(pool, signer, email, recipient, entry, token) is { } report) finished.Enqueue((entry, report));
                });
            }
            catch (OperationCanceledException)
            {
                // Stopping: what was sent is still reported below, so that a restart does not send it again.
            }
            await FinishAsync([.. finished]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Email outbox: a batch failed; its unfinished entries are due again when their lease ends");
        }
    }

    /// <summary>Null when the entry was put back for a retry.</summary>
    private async Task<DeliveryReport?> SendAsync(SmtpConnectionPool pool, EmailSigner signer, EmailInfo email, EmailRecipient recipient, OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var message = EmailMime.Build(email, recipient);
            // Unsigned mail is never sent: a domain no longer verified since the message was accepted fails its copies.
            if (!signer.Sign(email, message)) return new DeliveryReport(recipient.Token, EmailStatus.Failed, EmailSigner.NotSignedReason(email), time.GetUtcNow());
            await pool.SendAsync(message, MimeKit.MailboxAddress.Parse(email.Draft.From), [MimeKit.MailboxAddress.Parse(recipient.Email)], cancellationToken);
            return new DeliveryReport(recipient.Token, EmailStatus.Delivered, null, time.GetUtcNow());
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            // The relay's own words are the reason: they say what a person needs to know (no such mailbox, policy, …).
            return new DeliveryReport(recipient.Token, EmailStatus.Bounced, $"{(int)e.StatusCode} {e.Message}", time.GetUtcNow());
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or SslHandshakeException or AuthenticationException)
        {
            if (entry.Attempts + 1 >= options.Value.MaxAttempts) return new DeliveryReport(recipient.Token, EmailStatus.Failed, e.Message, time.GetUtcNow());
            var wait = options.Value.RetryDelay * Math.Pow(2, entry.Attempts);
            logger.LogInformation("Email {Email} to {Recipient}: transient SMTP failure ({Reason}); retrying in {Wait}", email.Id, recipient.Token, e.Message, wait);
            await store.RetryAsync(entry.EmailId, entry.RecipientToken, time.GetUtcNow() + wait, CancellationToken.None);
            return null;
        }
    }

    /// <summary>
    /// The reports first, one call per message: should the silo die before the delete, the entries are sent again rather
    /// than their answers lost. A message whose report failed keeps its entries, due again when their lease ends.
    /// </summary>
    private async Task FinishAsync(IReadOnlyList<(OutboxEntry Entry, DeliveryReport? Report)> finished)
    {
        var reported = await Task.WhenAll(finished.GroupBy(f => f.Entry.EmailId).Select(async message =>
        {
            var reports = message.Where(f => f.Report is not null).Select(f => f.Report!).ToList();
            try
            {
                if (reports.Count > 0) await grains.GetGrain<IEmailGrain>(message.Key).ReportAllAsync(reports);
                return message.Select(f => f.Entry);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Email {Email}: reporting {Count} deliveries failed; they are sent again when their lease ends", message.Key, reports.Count);
                return [];
            }
        }));
        var done = reported.SelectMany(r => r).ToList();
        if (done.Count > 0) await store.CompleteAllAsync(done, CancellationToken.None);
    }
}
