namespace MailTracker.Trackings;

/// <summary>A mail tracking as the API shows it; pixel and links carry their live counters.</summary>
[GenerateSerializer, Immutable, Alias("mt.MailTrackingInfo")]
public sealed record MailTrackingInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long AccountId,
    [property: Id(2)] DateTimeOffset Created,
    [property: Id(3)] TrackingSettings Settings,
    [property: Id(4)] TrackableInfo? Pixel,
    [property: Id(5)] IReadOnlyList<TrackableInfo> Links);
