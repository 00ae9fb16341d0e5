namespace MailTracker.Analytics;

/// <summary>
/// The totals of an analytics report (MailSignal's <c>summary</c>). Opens and clicks count hits; the unique figures and
/// the rates count people: recipients whose first human open (click) falls in the period. Rates are percentages of
/// <see cref="TotalTracks"/>, one decimal, 0 without recipients. See the README, "Analytics", for each number.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.AnalyticsSummary")]
public sealed record AnalyticsSummary(
    [property: Id(0)] long TotalTracks,
    [property: Id(1)] long TotalOpens,
    [property: Id(2)] long UniqueOpens,
    [property: Id(3)] double OpenRate,
    [property: Id(4)] long TotalClicks,
    [property: Id(5)] long UniqueClicks,
    [property: Id(6)] double ClickRate,
    [property: Id(7)] long HumanOpens,
    [property: Id(8)] long BotOpens,
    [property: Id(9)] long ProxyOpens,
    [property: Id(10)] long HumanClicks,
    [property: Id(11)] long BotClicks,
    [property: Id(12)] long Bounced,
    [property: Id(13)] long Unsubscribed)
{
    public static AnalyticsSummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
