using MailTracker.Analytics;

namespace MailTracker.Api.Pages;

/// <summary>
/// Everything on the tracking page that hits change: the counters, the charts, the links' clicks and one page of the log.
/// The page embeds it as JSON for its charts, and the live channel sends a new one when it changed.
/// </summary>
public sealed record TrackingSnapshot(
    AnalyticsSummary Summary,
    TrackingCharts Charts,
    IReadOnlyList<LinkRow> Links,
    long LogTotal,
    IReadOnlyList<LogRow> Log);
