using MailTracker.Webhooks;

namespace MailTracker.Grains.Webhooks;

/// <summary>An event waiting in a webhook's outbox, with how often it was tried.</summary>
public sealed record OutboxItem(WebhookEvent Event, int Attempts, DateTimeOffset Created);
