namespace MailTracker.Api.Tracks;

/// <summary>MailSignal's track: one recipient of a campaign, with its pixel URL and, when read alone, its opens.</summary>
public sealed record TrackResponse(
    long Id,
    string Recipient,
    string? Subject,
    string? Campaign,
    string? PixelUrl,
    DateTimeOffset CreatedAt,
    long OpenCount,
    long ClickCount,
    DateTimeOffset? FirstOpen,
    IReadOnlyList<TrackOpenResponse>? Opens);
