using MailTracker.Analytics;

namespace MailTracker.Grains.Analytics;

/// <summary>The analytics rollups of the embedded default, in memory.</summary>
public sealed class InMemoryAnalyticsStore : IAnalyticsStore
{
    public Task<AnalyticsReport> ReportAsync(long accountId, long? trackingId, AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(AnalyticsReport.Empty);
}
