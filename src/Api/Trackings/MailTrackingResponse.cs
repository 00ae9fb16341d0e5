namespace MailTracker.Api.Trackings;

public sealed record MailTrackingResponse(
    long Id,
    long Created,
    string MailTrackingUrl,
    string Name,
    bool Enabled,
    bool UniqueOpensOnly,
    PrivacySettingsResponse PrivacySettings,
    PixelResponse? TrackingPixel,
    IReadOnlyList<TrackableUrlResponse> TrackableUrls);
