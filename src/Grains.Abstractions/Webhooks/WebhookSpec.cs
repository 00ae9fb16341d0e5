namespace MailTracker.Webhooks;

/// <summary>What a webhook is: where to, for which events, optionally only one mail tracking's.</summary>
[GenerateSerializer, Immutable, Alias("mt.WebhookSpec")]
public sealed record WebhookSpec(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Events,
    [property: Id(2)] long? MailTrackingId,
    [property: Id(3)] bool Enabled);
