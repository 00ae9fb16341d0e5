namespace MailTracker.Api.Trackings;

public sealed record PixelResponse(
    long Id,
    long Created,
    string Token,
    string Url,
    long TimesOpened,
    long HumanOpens,
    long BotOpens,
    long MailTrackingId,
    string MailTrackingUrl);
