namespace MailTracker.Grains.Analytics;

/// <summary>A rollup row: a mail tracking's bucket (<see cref="AnalyticsBuckets"/>).</summary>
public readonly record struct AnalyticsKey(long TrackingId, DateTimeOffset Bucket) : IComparable<AnalyticsKey>
{
    public int CompareTo(AnalyticsKey other)
    {
        var byTracking = TrackingId.CompareTo(other.TrackingId);
        return byTracking != 0 ? byTracking : Bucket.UtcTicks.CompareTo(other.Bucket.UtcTicks);
    }
}
