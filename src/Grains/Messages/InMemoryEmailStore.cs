using MailTracker.Grains.Analytics;
using MailTracker.Grains.Recipients;
using MailTracker.Messages;

namespace MailTracker.Grains.Messages;

/// <summary>
/// The embedded mode's messages and outbox (lost with the process, as everything embedded); opens and clicks of its
/// messages are their recipients', read from <paramref name="recipients"/>.
/// </summary>
public sealed class InMemoryEmailStore(IRecipientStore recipients) : IEmailStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, EmailInfo> _emails = [];
    private readonly Dictionary<(long EmailId, string Token), (int Attempts, DateTimeOffset Due)> _outbox = [];

    public Task AddAsync(EmailInfo email, DateTimeOffset? outboxDue, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _emails[email.Id] = email;
            if (outboxDue is { } due)
            {
                foreach (var r in email.Recipients) _outbox.TryAdd((email.Id, r.Token), (0, due));
            }
        }
        return Task.CompletedTask;
    }

    public Task<EmailInfo?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_emails.GetValueOrDefault(id));
    }

    public Task SaveAsync(EmailInfo email, CancellationToken cancellationToken = default)
    {
        lock (_lock) _emails[email.Id] = email;
        return Task.CompletedTask;
    }

    public Task CancelAsync(EmailInfo email, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _emails[email.Id] = email;
            foreach (var key in _outbox.Keys.Where(k => k.EmailId == email.Id).ToList()) _outbox.Remove(key);
        }
        return Task.CompletedTask;
    }

    public Task<EmailPage> ListAsync(long accountId, EmailQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var matching = _emails.Values.Where(e => e.AccountId == accountId && Matches(e, query))
                .OrderByDescending(e => e.Created).ThenByDescending(e => e.Id).ToList();
            return Task.FromResult(new EmailPage([.. matching.Skip(query.Offset).Take(query.Limit)], matching.Count));
        }
    }

    public async Task<IReadOnlyList<EmailSendSlot>> SendsAsync(long accountId, long? trackingId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        List<EmailInfo> live;
        lock (_lock)
        {
            live = [.. _emails.Values.Where(e => e.AccountId == accountId && !e.Draft.Test && e.Created >= from && e.Created < to
                && (trackingId is not { } only || e.TrackingId == only))];
        }
        var slots = new SortedDictionary<DateTimeOffset, EmailSendSlot>();
        foreach (var email in live)
        {
            var (sent, delivered, bounced) = EmailSends.Of(email);
            var (opened, clicked) = (0, 0);
            foreach (var r in email.Recipients)
            {
                if (await recipients.GetAsync(r.Token, cancellationToken) is not { } recipient) continue;
                if (recipient.FirstOpen is not null) opened++;
                if (recipient.FirstClick is not null) clicked++;
            }
            var start = AnalyticsBuckets.Quarter(email.Created);
            var slot = slots.GetValueOrDefault(start) ?? new EmailSendSlot(start, 0, 0, 0, 0, 0);
            slots[start] = slot with
            {
                Sent = slot.Sent + sent, Delivered = slot.Delivered + delivered, Bounced = slot.Bounced + bounced,
                Opened = slot.Opened + opened, Clicked = slot.Clicked + clicked,
            };
        }
        return [.. slots.Values];
    }

    private static bool Matches(EmailInfo e, EmailQuery q) =>
        (q.Status is not { } status || e.Status == status)
        && (q.FromDate is not { } from || e.Created >= from)
        && (q.ToDate is not { } to || e.Created <= to)
        && (q.To is not { } address || e.Draft.To.Contains(address, StringComparer.OrdinalIgnoreCase))
        && (q.From is not { } sender || string.Equals(e.Draft.From, sender, StringComparison.OrdinalIgnoreCase))
        && q.Tags.All(e.Draft.Tags.Contains);

    public Task<IReadOnlyList<OutboxEntry>> LeaseAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var due = _outbox.Where(o => o.Value.Due <= now).OrderBy(o => o.Value.Due).Take(limit).ToList();
            foreach (var (key, value) in due) _outbox[key] = (value.Attempts + 1, leaseUntil);
            return Task.FromResult<IReadOnlyList<OutboxEntry>>([.. due.Select(o => new OutboxEntry(o.Key.EmailId, o.Key.Token, o.Value.Attempts))]);
        }
    }

    public Task CompleteAsync(long emailId, string recipientToken, CancellationToken cancellationToken = default)
    {
        lock (_lock) _outbox.Remove((emailId, recipientToken));
        return Task.CompletedTask;
    }

    public Task CompleteAllAsync(IReadOnlyCollection<OutboxEntry> entries, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var entry in entries) _outbox.Remove((entry.EmailId, entry.RecipientToken));
        }
        return Task.CompletedTask;
    }

    public Task RetryAsync(long emailId, string recipientToken, DateTimeOffset due, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_outbox.TryGetValue((emailId, recipientToken), out var entry)) _outbox[(emailId, recipientToken)] = entry with { Due = due };
        }
        return Task.CompletedTask;
    }
}
