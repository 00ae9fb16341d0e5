namespace MailTracker.Trackings;

[GenerateSerializer, Immutable, Alias("mt.TrackingSettings")]
public sealed record TrackingSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] bool UniqueOpensOnly,
    [property: Id(3)] PrivacySettings Privacy);
