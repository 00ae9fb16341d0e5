namespace MailTracker.Api.Trackings;

public sealed record TrackableUrlResponse(
    long Id,
    long Created,
    string Token,
    string TrackableUrl,
    string OriginalUrl,
    long TimesOpened,
    long HumanClicks,
    long BotClicks,
    long MailTrackingId,
    string MailTrackingUrl);
