namespace MailTracker.Analytics;

/// <summary>
/// One point of a report's timeline: the local day (<c>2025-01-31</c>), the Monday of an ISO week, or the month
/// (<c>2025-01</c>); its opens and clicks (hits, bots included, as <see cref="AnalyticsSummary.TotalOpens"/>), the
/// recipients created (tracks), and the people's first opens and clicks and the bounces (TrackPost's <c>by_date</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.AnalyticsTimelinePoint")]
public sealed record AnalyticsTimelinePoint(
    [property: Id(0)] string Date,
    [property: Id(1)] long Opens,
    [property: Id(2)] long Clicks,
    [property: Id(3)] long Tracks,
    [property: Id(4)] long HumanOpens,
    [property: Id(5)] long UniqueOpens,
    [property: Id(6)] long UniqueClicks,
    [property: Id(7)] long Bounced);
