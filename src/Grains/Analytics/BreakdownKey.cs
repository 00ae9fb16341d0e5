namespace MailTracker.Grains.Analytics;

/// <summary>A breakdown row: a mail tracking's hour and one value (<c>client:Gmail</c>, <c>device:iPhone</c>, …).</summary>
public readonly record struct BreakdownKey(long TrackingId, DateTimeOffset Bucket, string Key) : IComparable<BreakdownKey>
{
    public int CompareTo(BreakdownKey other)
    {
        var byTracking = TrackingId.CompareTo(other.TrackingId);
        if (byTracking != 0) return byTracking;
        var byBucket = Bucket.UtcTicks.CompareTo(other.Bucket.UtcTicks);
        return byBucket != 0 ? byBucket : string.CompareOrdinal(Key, other.Key);
    }
}
