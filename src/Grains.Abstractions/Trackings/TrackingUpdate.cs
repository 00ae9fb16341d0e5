namespace MailTracker.Trackings;

/// <summary>A change to a mail tracking: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackingUpdate")]
public sealed record TrackingUpdate(
    [property: Id(0)] string? Name,
    [property: Id(1)] bool? Enabled,
    [property: Id(2)] bool? UniqueOpensOnly,
    [property: Id(3)] bool? TrackIpAddresses,
    [property: Id(4)] bool? TrackUserAgents,
    [property: Id(5)] bool? TrackDateTimes);
