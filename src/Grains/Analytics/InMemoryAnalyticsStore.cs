using MailTracker.Analytics;

namespace MailTracker.Grains.Analytics;

/// <summary>The analytics rollups of the embedded default, in memory: added to by the in-memory stores' commits, under their locks.</summary>
public sealed class InMemoryAnalyticsStore : IAnalyticsStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<AnalyticsKey, AnalyticsCounts> _counts = [];
    private readonly Dictionary<BreakdownKey, BreakdownCount> _breakdowns = [];

    public void Apply(AnalyticsRollup rollup)
    {
        if (rollup.IsEmpty) return;
        lock (_gate)
        {
            foreach (var (key, counts) in rollup.Counts)
            {
                if (!_counts.TryGetValue(key, out var sum)) _counts[key] = sum = new AnalyticsCounts(counts.AccountId);
                sum.Add(counts);
            }
            foreach (var (key, count) in rollup.Breakdowns)
            {
                if (!_breakdowns.TryGetValue(key, out var sum)) _breakdowns[key] = sum = new BreakdownCount(count.AccountId);
                sum.Opens += count.Opens;
            }
        }
    }

    public Task<AnalyticsReport> ReportAsync(long accountId, long? trackingId, AnalyticsQuery query, CancellationToken cancellationToken = default)
    {
        var report = new AnalyticsReportBuilder(query);
        // A bucket counts when it overlaps the period (a period given to the minute takes its first quarter hour whole).
        var fromQuarter = AnalyticsBuckets.Quarter(query.From);
        var breakdowns = BreakdownRanges.Of(query.From, query.To);
        lock (_gate)
        {
            foreach (var (key, counts) in _counts)
            {
                if (counts.AccountId != accountId || (trackingId is { } t && key.TrackingId != t)) continue;
                if (key.Bucket == AnalyticsBuckets.Undated || (key.Bucket >= fromQuarter && key.Bucket < query.To)) report.AddCounts(key.Bucket, counts);
            }
            foreach (var (key, count) in _breakdowns)
            {
                if (count.AccountId != accountId || (trackingId is { } t && key.TrackingId != t)) continue;
                if (breakdowns.Contains(key)) report.AddBreakdown(key.Key, count.Opens);
            }
        }
        return Task.FromResult(report.Build());
    }
}
