using MailTracker.Webhooks;

namespace MailTracker.Grains.Webhooks;

/// <summary>The outcome of one POST: the attempt as logged, and when the receiver asked to be retried.</summary>
public sealed record SendResult(WebhookAttempt Attempt, TimeSpan? RetryAfter);
