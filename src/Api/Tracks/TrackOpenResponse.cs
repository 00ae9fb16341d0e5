namespace MailTracker.Api.Tracks;

public sealed record TrackOpenResponse(DateTimeOffset? Timestamp, string? EmailClient, string? Device, TrackLocation? Location, bool Bot, string? BotReason,
    string? Proxy);
