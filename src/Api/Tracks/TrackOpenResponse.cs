namespace MailTracker.Api.Tracks;

/// <summary>One open of a track.</summary>
/// <param name="Timestamp">When it was opened (null when the tracking does not keep times).</param>
/// <param name="EmailClient">The mail client read from the user agent.</param>
/// <param name="Device">The device read from the user agent.</param>
/// <param name="Location">Where it was opened; null when unknown: no GeoIP database configured, an address it does not
/// hold, or a tracking that does not keep IP addresses.</param>
/// <param name="Bot">Whether it was judged a bot's fetch rather than a person's open.</param>
/// <param name="BotReason">Why it is a bot's (a stable code such as apple-mpp); null for a person.</param>
/// <param name="Proxy">The provider's image proxy a person's open came through (gmail, yahoo).</param>
public sealed record TrackOpenResponse(DateTimeOffset? Timestamp, string? EmailClient, string? Device, TrackLocation? Location, bool Bot, string? BotReason,
    string? Proxy);
