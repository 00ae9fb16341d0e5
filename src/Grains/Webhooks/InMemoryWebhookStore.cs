using MailTracker.Webhooks;

namespace MailTracker.Grains.Webhooks;

/// <summary>The embedded default's webhook outboxes.</summary>
public sealed class InMemoryWebhookStore(TimeProvider time) : IWebhookStore
{
    private readonly Dictionary<(long, WebhookFeed), CommitCursor> _cursors = [];
    private readonly Dictionary<long, List<Entry>> _outboxes = [];
    private readonly Dictionary<long, List<WebhookAttempt>> _attempts = [];
    private readonly Lock _gate = new();

    public Task<CommitCursor?> GetCursorAsync(long webhookId, WebhookFeed feed, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_cursors.TryGetValue((webhookId, feed), out var cursor) ? cursor : (CommitCursor?)null);
    }

    public Task EnqueueAsync(long webhookId, IReadOnlyList<WebhookEvent> events, (WebhookFeed Feed, CommitCursor Cursor)? moveTo, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var outbox = Outbox(webhookId);
            var now = time.GetUtcNow();
            foreach (var e in events)
            {
                // As in PostgreSQL, the outbox keeps what is sent, not the filter the event was chosen by.
                if (!outbox.Exists(x => x.Event.Id == e.Id)) outbox.Add(new Entry(e with { MailTrackingId = null }, now));
            }
            if (moveTo is { } move) _cursors[(webhookId, move.Feed)] = move.Cursor;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxItem>> DueAsync(long webhookId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxItem> due = [.. Outbox(webhookId).Where(e => !e.Done && e.NextAttempt <= now).OrderBy(e => e.NextAttempt).ThenBy(e => e.Created).Take(limit)
                .Select(e => new OutboxItem(e.Event, e.Attempts, e.Created))];
            return Task.FromResult(due);
        }
    }

    public Task RecordAsync(long webhookId, WebhookAttempt attempt, DateTimeOffset? next, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_attempts.TryGetValue(webhookId, out var attempts)) _attempts[webhookId] = attempts = [];
            attempts.Add(attempt);
            if (Outbox(webhookId).Find(e => e.Event.Id == attempt.EventId) is { } entry)
            {
                entry.Attempts = attempt.Attempt;
                entry.Done = next is null;
                if (next is { } at) entry.NextAttempt = at;
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(long webhookId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<WebhookAttempt> attempts = _attempts.TryGetValue(webhookId, out var list) ? [.. Enumerable.Reverse(list).Take(limit)] : [];
            return Task.FromResult(attempts);
        }
    }

    public Task DeleteAsync(long webhookId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _outboxes.Remove(webhookId);
            foreach (var feed in Enum.GetValues<WebhookFeed>()) _cursors.Remove((webhookId, feed));
        }
        return Task.CompletedTask;
    }

    private List<Entry> Outbox(long webhookId)
    {
        if (!_outboxes.TryGetValue(webhookId, out var outbox)) _outboxes[webhookId] = outbox = [];
        return outbox;
    }

    public Task<long> BacklogAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(Math.Min(_outboxes.Values.Sum(outbox => (long)outbox.Count(e => !e.Done)), limit));
    }

    private sealed class Entry(WebhookEvent webhookEvent, DateTimeOffset created)
    {
        public WebhookEvent Event { get; } = webhookEvent;

        public DateTimeOffset Created { get; } = created;

        public DateTimeOffset NextAttempt { get; set; } = created;

        public int Attempts { get; set; }

        public bool Done { get; set; }
    }
}
