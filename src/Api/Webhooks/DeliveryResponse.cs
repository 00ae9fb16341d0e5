namespace MailTracker.Api.Webhooks;

public sealed record DeliveryResponse(Guid EventId, string Event, int Attempt, DateTimeOffset At, int? StatusCode, long DurationMs, string? Error, bool Delivered);
