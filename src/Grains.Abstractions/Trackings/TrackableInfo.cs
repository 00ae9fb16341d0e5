using MailTracker.Hits;

namespace MailTracker.Trackings;

/// <summary>A tracking pixel (Open) or a trackable link (Click).</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackableInfo")]
public sealed record TrackableInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] HitKind Kind,
    [property: Id(2)] long TrackingId,
    [property: Id(3)] long AccountId,
    [property: Id(4)] DateTimeOffset Created,
    [property: Id(5)] string Token,
    [property: Id(6)] string? OriginalUrl,
    [property: Id(7)] HitCounts Counts);
