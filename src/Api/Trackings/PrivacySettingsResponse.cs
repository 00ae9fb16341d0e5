namespace MailTracker.Api.Trackings;

public sealed record PrivacySettingsResponse(bool TrackIpAddresses, bool TrackUserAgents, bool TrackDateTimes);
