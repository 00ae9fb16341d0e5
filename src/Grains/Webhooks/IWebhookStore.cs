using MailTracker.Webhooks;

namespace MailTracker.Grains.Webhooks;

/// <summary>Webhooks' feed cursors, outboxes and delivery attempts.</summary>
public interface IWebhookStore
{
    /// <summary>Where the webhook's reading of one feed stopped; null when it never started.</summary>
    Task<CommitCursor?> GetCursorAsync(long webhookId, WebhookFeed feed, CancellationToken cancellationToken = default);

    /// <summary>Adds events to the outbox (once per event id) and moves the cursor, if given, in one transaction.</summary>
    Task EnqueueAsync(long webhookId, IReadOnlyList<WebhookEvent> events, (WebhookFeed Feed, CommitCursor Cursor)? moveTo, CancellationToken cancellationToken = default);

    /// <summary>Outbox events due for an attempt, oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> DueAsync(long webhookId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Logs an attempt; <paramref name="next"/> schedules another, null ends the event (delivered or given up).</summary>
    Task RecordAsync(long webhookId, WebhookAttempt attempt, DateTimeOffset? next, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(long webhookId, int limit, CancellationToken cancellationToken = default);

    Task DeleteAsync(long webhookId, CancellationToken cancellationToken = default);

    /// <summary>Undelivered events in every webhook's outbox (due or waiting for a retry), counted up to <paramref name="limit"/>.</summary>
    Task<long> BacklogAsync(int limit, CancellationToken cancellationToken = default);
}
