namespace MailTracker.Trackings;

[GenerateSerializer, Immutable, Alias("mt.PrivacySettings")]
public sealed record PrivacySettings(
    [property: Id(0)] bool TrackIpAddresses,
    [property: Id(1)] bool TrackUserAgents,
    [property: Id(2)] bool TrackDateTimes);
