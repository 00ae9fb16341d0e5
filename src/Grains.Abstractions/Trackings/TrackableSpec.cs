using MailTracker.Hits;

namespace MailTracker.Trackings;

/// <summary>What a pixel or link needs to exist: fixed at creation.</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackableSpec")]
public sealed record TrackableSpec(
    [property: Id(0)] HitKind Kind,
    [property: Id(1)] long TrackingId,
    [property: Id(2)] long AccountId,
    [property: Id(3)] string Token,
    [property: Id(4)] string? OriginalUrl,
    [property: Id(5)] bool Enabled,
    [property: Id(6)] bool UniqueOpensOnly);
