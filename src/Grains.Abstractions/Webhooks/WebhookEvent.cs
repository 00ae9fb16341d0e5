namespace MailTracker.Webhooks;

/// <summary>An event to deliver: its id is the delivery's webhook-id (the same on every redelivery).</summary>
[GenerateSerializer, Immutable, Alias("mt.WebhookEvent")]
public sealed record WebhookEvent(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Event,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] string DataJson,
    [property: Id(4)] long? MailTrackingId);
