using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailTracker.Accounts;
using MailTracker.Messages;
using MailTracker.Recipients;
using MailTracker.Trackings;
using MailTracker.Webhooks;

namespace MailTracker.Grains.Messages;

/// <summary>
/// A sent message. It owns a mail tracking (its pixel and a trackable link per distinct URL), whose recipients are the
/// message's addressees, so opens and clicks count for the message and each recipient as every other hit does. The
/// stored row is its state; the outbox sender reports each recipient's delivery here, the one writer of that row.
/// </summary>
public sealed class EmailGrain(IEmailStore store, TimeProvider time) : Grain, IEmailGrain
{
    /// <summary>Tracking names are at most 64 characters (PastePixel's limit).</summary>
    private const int MaxTrackingName = 64;

    private EmailInfo? _email;

    private long Id => this.GetPrimaryKeyLong();

    public async Task<Result<EmailInfo>> CreateAsync(long accountId, EmailDraft draft)
    {
        if (await LoadAsync() is { } existing) return existing.AccountId == accountId ? Result<EmailInfo>.Ok(existing) : Result<EmailInfo>.Fail(Outcome.Conflict);
        var account = GrainFactory.GetGrain<IAccountGrain>(accountId);
        var name = $"Email {Id}: {draft.Subject}";
        if (await account.CreateEmailTrackingAsync(name.Length > MaxTrackingName ? name[..MaxTrackingName] : name, Id) is not { } created)
        {
            return Result<EmailInfo>.Fail(Outcome.NotFound);
        }
        var tracking = GrainFactory.GetGrain<IMailTrackingGrain>(created.Id);
        var addressees = draft.To.Select(a => ("to", a)).Concat(draft.Cc.Select(a => ("cc", a))).Concat(draft.Bcc.Select(a => ("bcc", a))).ToList();
        var recipients = await tracking.AddRecipientsAsync(accountId, [.. addressees.Select(a => new RecipientSpec(a.Item2, null, draft.Subject))]);
        if (recipients.Outcome != Outcome.Ok)
        {
            await tracking.DeleteAsync(accountId);
            return Result<EmailInfo>.Fail(recipients.Outcome, recipients.Message);
        }
        string? pixelUrl = null;
        if (draft.TrackOpens && (await tracking.AddPixelAsync(accountId, null)).Value is { } pixel)
        {
            pixelUrl = $"{draft.PublicBaseUrl}/image/{pixel.Token}.png";
        }
        var links = new List<EmailLink>();
        if (draft.TrackClicks)
        {
            // A mail tracking holds 20 trackable URLs: links past the 20th distinct one are sent as they are.
            foreach (var url in EmailLinks.Find(draft.Html, draft.Text, includeText: true))
            {
                if ((await tracking.AddLinkAsync(accountId, url)).Value is not { } link) break;
                links.Add(new EmailLink(url, $"{draft.PublicBaseUrl}/url/{link.Token}"));
            }
        }
        var now = time.GetUtcNow();
        // A time already past sends now; a test message stops before SMTP, so it is marked sent at once whatever its time.
        var scheduled = !draft.Test && draft.ScheduledAt > now;
        var status = draft.Test ? EmailStatus.Sent : scheduled ? EmailStatus.Scheduled : EmailStatus.Queued;
        // The same address twice (in to and cc) is one recipient and one copy.
        var rows = recipients.Value!.Select((r, i) => new EmailRecipient(addressees[i].Item1, r.Email, r.Id, r.Token, scheduled ? EmailStatus.Queued : status, draft.Test ? now : null, null, null, 0))
            .DistinctBy(r => r.Token).ToList();
        var email = new EmailInfo(Id, accountId, now, draft, created.Id, pixelUrl, links, rows, status, draft.Test ? now : null, null, null);
        // Answered only once stored with its outbox entries: from here on a crash delays the message but never loses it.
        // A scheduled message's entries are due at its time: the sender's poll of the due index picks them up then, on any silo.
        await store.AddAsync(email, draft.Test ? null : scheduled ? draft.ScheduledAt : now);
        _email = email;
        if (draft.Test) await RaiseAsync(WebhookEvents.EmailSent, email, null);
        return Result<EmailInfo>.Ok(await WithCountsAsync(email));
    }

    public async Task<EmailInfo?> GetAsync(long accountId) =>
        await LoadAsync() is { } email && email.AccountId == accountId ? await WithCountsAsync(email) : null;

    public async Task<Result<EmailInfo>> CancelAsync(long accountId)
    {
        if (await LoadAsync() is not { } email || email.AccountId != accountId) return Result<EmailInfo>.Fail(Outcome.NotFound);
        if (email.Status != EmailStatus.Scheduled)
        {
            return Result<EmailInfo>.Fail(Outcome.Conflict, $"Email {Id} is {email.Status.ToString().ToLowerInvariant()}: only a scheduled message that has not started sending can be cancelled.");
        }
        var cancelled = email with { Status = EmailStatus.Cancelled, Recipients = [.. email.Recipients.Select(r => r with { Status = EmailStatus.Cancelled })] };
        await store.CancelAsync(cancelled);
        _email = cancelled;
        return Result<EmailInfo>.Ok(await WithCountsAsync(cancelled));
    }

    public async Task<IReadOnlyList<string>> BeginSendingAsync(IReadOnlyList<string> recipientTokens)
    {
        if (await LoadAsync() is not { } email || email.Status == EmailStatus.Cancelled) return [];
        if (email.Status == EmailStatus.Scheduled)
        {
            // From here on it is under way: a cancel now is a 409, stored so that it stays so on another activation.
            var started = email with { Status = EmailStatus.Queued };
            await store.SaveAsync(started);
            _email = email = started;
        }
        var open = email.Recipients.Where(r => r.Status is EmailStatus.Queued or EmailStatus.Sent).Select(r => r.Token).ToHashSet(StringComparer.Ordinal);
        return [.. recipientTokens.Where(open.Contains)];
    }

    public async Task ReportAllAsync(IReadOnlyList<DeliveryReport> reports)
    {
        if (await LoadAsync() is not { } email) return;
        var recipients = email.Recipients.ToList();
        var indexes = recipients.Select((r, i) => (r.Token, i)).ToDictionary(p => p.Token, p => p.i, StringComparer.Ordinal);
        var bounced = new List<EmailRecipient>();
        var changed = false;
        foreach (var report in reports)
        {
            if (!indexes.TryGetValue(report.RecipientToken, out var index)) continue;
            var before = recipients[index];
            // A final answer stays final: a late report of an earlier attempt changes nothing.
            if (before.Status is EmailStatus.Delivered or EmailStatus.Bounced or EmailStatus.Failed or EmailStatus.Cancelled) continue;
            // Accepted or refused, the copy was handed to the relay: that is when it was sent.
            var after = report.Outcome switch
            {
                EmailStatus.Sent => before with { Status = EmailStatus.Sent, SentAt = before.SentAt ?? report.At, Attempts = before.Attempts + 1 },
                EmailStatus.Delivered => before with { Status = EmailStatus.Delivered, SentAt = before.SentAt ?? report.At, DeliveredAt = report.At, Attempts = before.Attempts + 1 },
                EmailStatus.Bounced => before with { Status = EmailStatus.Bounced, SentAt = before.SentAt ?? report.At, BounceReason = report.Reason, Attempts = before.Attempts + 1 },
                _ => before with { Status = report.Outcome, BounceReason = report.Reason },
            };
            recipients[index] = after;
            changed = true;
            if (after.Status == EmailStatus.Bounced) bounced.Add(after);
        }
        if (!changed) return;
        var status = StatusOf(recipients);
        var updated = email with
        {
            Recipients = recipients,
            Status = status,
            SentAt = email.SentAt ?? recipients.Min(r => r.SentAt),
            DeliveredAt = status == EmailStatus.Delivered ? email.DeliveredAt ?? reports.Max(r => r.At) : email.DeliveredAt,
            BounceReason = email.BounceReason ?? bounced.FirstOrDefault()?.BounceReason,
        };
        await store.SaveAsync(updated);
        _email = updated;
        if (email.SentAt is null && updated.SentAt is not null) await RaiseAsync(WebhookEvents.EmailSent, updated, null);
        if (email.Status != EmailStatus.Delivered && status == EmailStatus.Delivered) await RaiseAsync(WebhookEvents.EmailDelivered, updated, null);
        foreach (var recipient in bounced)
        {
            // The recipient's bounce reaches recipient.bounced webhooks, its feed and its state the way any bounce does.
            await GrainFactory.GetGrain<IRecipientGrain>(recipient.Token).RecordAsync(email.AccountId, RecipientEvent.Bounced);
            await RaiseAsync(WebhookEvents.EmailBounced, updated, recipient);
        }
    }

    /// <summary>Delivered once every recipient has its answer and one was accepted; bounced when all bounced; failed otherwise.</summary>
    private static EmailStatus StatusOf(IReadOnlyList<EmailRecipient> recipients) =>
        recipients.Any(r => r.Status is EmailStatus.Queued or EmailStatus.Sent)
            ? recipients.Any(r => r.Status != EmailStatus.Queued) ? EmailStatus.Sent : EmailStatus.Queued
        : recipients.Any(r => r.Status == EmailStatus.Delivered) ? EmailStatus.Delivered
        : recipients.All(r => r.Status == EmailStatus.Bounced) ? EmailStatus.Bounced
        : EmailStatus.Failed;

    private async Task<EmailInfo?> LoadAsync() => _email ??= await store.GetAsync(Id);

    /// <summary>Opens and clicks are the tracking's, read when asked; the first open is its recipients' earliest human one.</summary>
    private async Task<EmailInfo> WithCountsAsync(EmailInfo email)
    {
        var tracking = await GrainFactory.GetGrain<IMailTrackingGrain>(email.TrackingId).GetAsync(email.AccountId);
        if (tracking is null) return email;
        var recipients = await Task.WhenAll(email.Recipients.Select(r => GrainFactory.GetGrain<IRecipientGrain>(r.Token).GetAsync(email.AccountId)));
        var opened = recipients.Select(r => r?.FirstOpen).Where(t => t is not null).Min();
        var clicks = tracking.Links.Aggregate(new MailTracker.Hits.HitCounts(), (sum, link) => sum + link.Counts);
        return email with { OpenedAt = opened, OpensCount = tracking.Pixel?.Counts.Humans ?? 0, ClicksCount = clicks.Humans };
    }

    /// <summary>Webhook events of a message: ids follow from the event, the message and the recipient, so a repeat queues nothing twice.</summary>
    private async Task RaiseAsync(string name, EmailInfo email, EmailRecipient? recipient)
    {
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}:{email.Id}:{recipient?.Token}")).AsSpan(0, 16));
        var at = time.GetUtcNow();
        var data = JsonSerializer.Serialize(new
        {
            id,
            emailId = email.Id,
            mailTrackingId = email.TrackingId,
            status = email.Status.ToString().ToLowerInvariant(),
            test = email.Draft.Test,
            recipient = recipient?.Token,
            email = recipient?.Email,
            bounceReason = recipient?.BounceReason,
            date = at,
        });
        var webhookEvent = new WebhookEvent(id, name, at, data, email.TrackingId);
        var webhooks = await GrainFactory.GetGrain<IAccountGrain>(email.AccountId).ListWebhooksAsync();
        await Task.WhenAll(webhooks.Select(w => GrainFactory.GetGrain<IWebhookGrain>(w).RaiseAsync(webhookEvent)));
    }
}
