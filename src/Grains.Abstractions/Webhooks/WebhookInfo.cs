namespace MailTracker.Webhooks;

[GenerateSerializer, Immutable, Alias("mt.WebhookInfo")]
public sealed record WebhookInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long AccountId,
    [property: Id(2)] WebhookSpec Spec,
    [property: Id(3)] DateTimeOffset Created,
    [property: Id(4)] string? DisabledReason,
    [property: Id(5)] int ConsecutiveFailures);
