using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>How many hits of one pixel or link a consumption counts.</summary>
public readonly record struct CountedHits(HitKind Kind, long EntityId, HitCounts Added);
