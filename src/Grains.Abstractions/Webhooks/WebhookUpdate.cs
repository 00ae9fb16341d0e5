namespace MailTracker.Webhooks;

/// <summary>A change to a webhook: null leaves a field as it is; <see cref="AllTrackings"/> removes the mail tracking filter.</summary>
[GenerateSerializer, Immutable, Alias("mt.WebhookUpdate")]
public sealed record WebhookUpdate(
    [property: Id(0)] string? Url,
    [property: Id(1)] IReadOnlyList<string>? Events,
    [property: Id(2)] long? MailTrackingId,
    [property: Id(3)] bool AllTrackings,
    [property: Id(4)] bool? Enabled);
