namespace MailTracker.Grains.Analytics;

/// <summary>A breakdown row: a mail tracking's hour or UTC day (<see cref="Daily"/>) and one value (<c>client:Gmail</c>, …).</summary>
public readonly record struct BreakdownKey(long TrackingId, bool Daily, DateTimeOffset Bucket, string Key) : IComparable<BreakdownKey>
{
    public short Span => Daily ? (short)1 : (short)0;

    public int CompareTo(BreakdownKey other)
    {
        var byTracking = TrackingId.CompareTo(other.TrackingId);
        if (byTracking != 0) return byTracking;
        var bySpan = Span.CompareTo(other.Span);
        if (bySpan != 0) return bySpan;
        var byBucket = Bucket.UtcTicks.CompareTo(other.Bucket.UtcTicks);
        return byBucket != 0 ? byBucket : string.CompareOrdinal(Key, other.Key);
    }
}
