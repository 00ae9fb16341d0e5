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
/// Hands the outbox's due entries to the SMTP relay, one personalised copy per recipient over one connection a batch.
/// Entries are leased, not taken: a silo that dies mid-batch leaves them due again when the lease ends
/// (<see cref="SmtpOptions.Lease"/>, 30 s), and a silo that leases an entry is the only one sending it meanwhile. 5xx
/// for a recipient bounces it; 4xx and connection failures retry with a doubling wait until <see cref="SmtpOptions.MaxAttempts"/>.
/// </summary>
public sealed class EmailOutboxSender(
    IEmailStore store,
    IGrainFactory grains,
    IOptions<SmtpOptions> options,
    TimeProvider time,
    ILogger<EmailOutboxSender> logger) : BackgroundService
{
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Configured) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await SendBatchAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Email outbox: a batch failed; its entries are due again when their lease ends");
            }
            if (sent == 0) await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
    }

    private async Task<int> SendBatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = options.Value.Lease;
        var entries = await store.LeaseAsync(now, now + lease, BatchSize, cancellationToken);
        if (entries.Count == 0) return 0;
        // No SMTP command may outwait the lease (MailKit's default is 2 minutes), and no send starts in its second half:
        // whatever is handed over happens while this silo still holds the entry, and entries left over are due at its end.
        using var client = new SmtpClient { Timeout = (int)(lease / 3).TotalMilliseconds };
        var signer = new EmailSigner(grains);
        var emails = new Dictionary<long, EmailInfo?>();
        foreach (var entry in entries)
        {
            if (time.GetUtcNow() - now > lease / 2) break;
            if (!emails.TryGetValue(entry.EmailId, out var email)) emails[entry.EmailId] = email = await store.GetAsync(entry.EmailId, cancellationToken);
            var recipient = email?.Recipients.FirstOrDefault(r => r.Token == entry.RecipientToken);
            if (email is null || recipient is null)
            {
                await store.CompleteAsync(entry.EmailId, entry.RecipientToken, cancellationToken);
                continue;
            }
            await SendAsync(client, signer, email, recipient, entry, cancellationToken);
        }
        if (client.IsConnected) await client.DisconnectAsync(quit: true, cancellationToken);
        return entries.Count;
    }

    private async Task SendAsync(SmtpClient client, EmailSigner signer, EmailInfo email, EmailRecipient recipient, OutboxEntry entry, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IEmailGrain>(email.Id);
        try
        {
            if (!client.IsConnected) await ConnectAsync(client, cancellationToken);
            // The grain's word right before SMTP: a message cancelled meanwhile (or a recipient already answered for) is not sent.
            if (!await grain.ReportAsync(new DeliveryReport(recipient.Token, EmailStatus.Sent, null, time.GetUtcNow())))
            {
                await store.CompleteAsync(entry.EmailId, entry.RecipientToken, cancellationToken);
                return;
            }
            var message = EmailMime.Build(email, recipient);
            if (!await signer.SignAsync(email, message))
            {
                await FinishAsync(grain, entry, new DeliveryReport(recipient.Token, EmailStatus.Failed, EmailSigner.NotSignedReason(email), time.GetUtcNow()), cancellationToken);
                return;
            }
            await client.SendAsync(message, MimeKit.MailboxAddress.Parse(email.Draft.From), [MimeKit.MailboxAddress.Parse(recipient.Email)], cancellationToken);
            await FinishAsync(grain, entry, new DeliveryReport(recipient.Token, EmailStatus.Delivered, null, time.GetUtcNow()), cancellationToken);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            // The relay's own words are the reason: they say what a person needs to know (no such mailbox, policy, …).
            await FinishAsync(grain, entry, new DeliveryReport(recipient.Token, EmailStatus.Bounced, $"{(int)e.StatusCode} {e.Message}", time.GetUtcNow()), cancellationToken);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or SslHandshakeException or AuthenticationException or TimeoutException)
        {
            if (e is not SmtpCommandException && client.IsConnected) await client.DisconnectAsync(quit: false, CancellationToken.None);
            if (entry.Attempts + 1 >= options.Value.MaxAttempts)
            {
                await FinishAsync(grain, entry, new DeliveryReport(recipient.Token, EmailStatus.Failed, e.Message, time.GetUtcNow()), cancellationToken);
                return;
            }
            var wait = options.Value.RetryDelay * Math.Pow(2, entry.Attempts);
            logger.LogInformation("Email {Email} to {Recipient}: transient SMTP failure ({Reason}); retrying in {Wait}", email.Id, recipient.Token, e.Message, wait);
            await store.RetryAsync(entry.EmailId, entry.RecipientToken, time.GetUtcNow() + wait, cancellationToken);
        }
    }

    /// <summary>The report first: should the silo die between the two, the entry is sent again rather than its answer lost.</summary>
    private async Task FinishAsync(IEmailGrain grain, OutboxEntry entry, DeliveryReport report, CancellationToken cancellationToken)
    {
        await grain.ReportAsync(report);
        await store.CompleteAsync(entry.EmailId, entry.RecipientToken, cancellationToken);
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var security = o.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(o.Host, o.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password, cancellationToken);
    }
}
