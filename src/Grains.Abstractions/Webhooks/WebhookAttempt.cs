namespace MailTracker.Webhooks;

/// <summary>One delivery attempt: what was sent and what came back.</summary>
[GenerateSerializer, Immutable, Alias("mt.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Event,
    [property: Id(2)] int Attempt,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] int? StatusCode,
    [property: Id(5)] long DurationMs,
    [property: Id(6)] string? Error,
    [property: Id(7)] bool Delivered);
