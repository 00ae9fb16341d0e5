using MailTracker.Hits;

namespace MailTracker.Live;

/// <summary>A hit just counted (its consumption committed), as the live streams carry it: enough to know what changed.</summary>
[GenerateSerializer, Immutable, Alias("mt.LiveHit")]
public sealed record LiveHit(
    [property: Id(0)] Guid HitId,
    [property: Id(1)] HitKind Kind,
    [property: Id(2)] long EntityId,
    [property: Id(3)] long TrackingId,
    [property: Id(4)] DateTimeOffset? Date,
    [property: Id(5)] bool Bot);
