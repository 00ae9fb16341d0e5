using MailTracker.Analytics;

namespace MailTracker.Grains.Analytics;

/// <summary>
/// The analytics rollups as reports read them. They are written with what they count: hits by the tailers' consumption
/// commit, recipients by the recipient store, so a report is exact and never scans hits.
/// </summary>
public interface IAnalyticsStore
{
    /// <summary>The report of one mail tracking (<paramref name="trackingId"/>) or of all the account's.</summary>
    Task<AnalyticsReport> ReportAsync(long accountId, long? trackingId, AnalyticsQuery query, CancellationToken cancellationToken = default);
}
