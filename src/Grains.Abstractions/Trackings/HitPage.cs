using MailTracker.Hits;

namespace MailTracker.Trackings;

/// <summary>A page of a pixel's or link's stored hits.</summary>
[GenerateSerializer, Immutable, Alias("mt.HitPage")]
public sealed record HitPage([property: Id(0)] HitCounts Counts, [property: Id(1)] IReadOnlyList<Hit> Hits);
