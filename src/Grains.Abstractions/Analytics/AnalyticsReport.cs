namespace MailTracker.Analytics;

/// <summary>
/// An analytics report (MailSignal's <c>/analytics</c>, and what TrackPost's <c>/analytics/emails</c> and the tracking page
/// show). The breakdowns count human opens only (a bot's client, device and place say nothing of the readers), each keyed
/// by the name the API shows for it (<c>emailClients</c> "Gmail", <c>devices</c> "iPhone", <c>countries</c> the ISO code);
/// hits whose client, device or country is not known count under "Unknown". <see cref="TimeOfDay"/> holds 24 counts of
/// human opens, by local hour. Hits of a mail tracking that does not track dates have no time: they count in the summary and
/// the breakdowns of every period, never in the timeline or the time of day.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.AnalyticsReport")]
public sealed record AnalyticsReport(
    [property: Id(0)] AnalyticsSummary Summary,
    [property: Id(1)] IReadOnlyDictionary<string, long> EmailClients,
    [property: Id(2)] IReadOnlyDictionary<string, long> Devices,
    [property: Id(3)] IReadOnlyDictionary<string, long> Countries,
    [property: Id(4)] IReadOnlyDictionary<string, long> OperatingSystems,
    [property: Id(5)] IReadOnlyList<long> TimeOfDay,
    [property: Id(6)] IReadOnlyList<AnalyticsTimelinePoint> Timeline)
{
    public static AnalyticsReport Empty { get; } = new(AnalyticsSummary.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(),
        new Dictionary<string, long>(), new Dictionary<string, long>(), new long[24], []);
}
