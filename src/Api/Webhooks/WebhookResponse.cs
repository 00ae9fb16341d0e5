namespace MailTracker.Api.Webhooks;

public sealed record WebhookResponse(
    long Id,
    string Url,
    IReadOnlyList<string> Events,
    long? MailTrackingId,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset CreatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Secret = null);
