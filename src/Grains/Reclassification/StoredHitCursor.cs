using MailTracker.Hits;

namespace MailTracker.Grains.Reclassification;

/// <summary>Where a reclassification job is in its tracking's stored hits: opens first, then clicks, each in commit order.</summary>
[GenerateSerializer, Immutable, Alias("mt.StoredHitCursor")]
public readonly record struct StoredHitCursor([property: Id(0)] HitKind Kind, [property: Id(1)] long Xid, [property: Id(2)] long Seq)
{
    public static StoredHitCursor Start => new(HitKind.Open, 0, 0);
}
