using MailTracker.Analytics;

namespace MailTracker.Grains.Analytics;

/// <summary>
/// Turns the rollup rows a query selected into its report, the same for every store: the summary over every row (undated
/// ones included), the timeline and the time of day in the query's time zone (dated rows only), the breakdowns by prefix.
/// </summary>
public sealed class AnalyticsReportBuilder(AnalyticsQuery query)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(query.TimeZone);
    private readonly AnalyticsCounts _total = new(0);
    private readonly SortedDictionary<DateOnly, AnalyticsCounts> _timeline = [];
    private readonly long[] _timeOfDay = new long[24];
    private readonly Dictionary<string, long> _clients = [];
    private readonly Dictionary<string, long> _devices = [];
    private readonly Dictionary<string, long> _oses = [];
    private readonly Dictionary<string, long> _countries = [];

    /// <summary>One quarter hour's counters (summed over the selected trackings).</summary>
    public void AddCounts(DateTimeOffset bucket, AnalyticsCounts counts)
    {
        _total.Add(counts);
        if (bucket == AnalyticsBuckets.Undated) return;
        var local = TimeZoneInfo.ConvertTime(bucket, _zone);
        _timeOfDay[local.Hour] += counts.Opens - counts.BotOpens;
        var point = AnalyticsPoints.Of(DateOnly.FromDateTime(local.DateTime), query.GroupBy);
        if (!_timeline.TryGetValue(point, out var sum)) _timeline[point] = sum = new AnalyticsCounts(0);
        sum.Add(counts);
    }

    /// <summary>One breakdown key's human opens.</summary>
    public void AddBreakdown(string key, long opens)
    {
        var (target, name) = key switch
        {
            _ when key.StartsWith(HitRollup.ClientPrefix, StringComparison.Ordinal) => (_clients, key[HitRollup.ClientPrefix.Length..]),
            _ when key.StartsWith(HitRollup.DevicePrefix, StringComparison.Ordinal) => (_devices, key[HitRollup.DevicePrefix.Length..]),
            _ when key.StartsWith(HitRollup.OsPrefix, StringComparison.Ordinal) => (_oses, key[HitRollup.OsPrefix.Length..]),
            _ when key.StartsWith(HitRollup.CountryPrefix, StringComparison.Ordinal) => (_countries, key[HitRollup.CountryPrefix.Length..]),
            _ => (null, key),
        };
        if (target is not null && opens != 0) target[name] = target.GetValueOrDefault(name) + opens;
    }

    public AnalyticsReport Build()
    {
        var t = _total;
        var summary = new AnalyticsSummary(
            TotalTracks: t.Tracks, TotalOpens: t.Opens, UniqueOpens: t.UniqueOpens, OpenRate: Rate(t.UniqueOpens, t.Tracks),
            TotalClicks: t.Clicks, UniqueClicks: t.UniqueClicks, ClickRate: Rate(t.UniqueClicks, t.Tracks),
            HumanOpens: t.Opens - t.BotOpens, BotOpens: t.BotOpens, ProxyOpens: t.ProxyOpens,
            HumanClicks: t.Clicks - t.BotClicks, BotClicks: t.BotClicks, Bounced: t.Bounced, Unsubscribed: t.Unsubscribed);
        return new AnalyticsReport(summary, Sorted(_clients), Sorted(_devices), Sorted(_countries), Sorted(_oses), _timeOfDay, Timeline());
    }

    /// <summary>A percentage with one decimal; 0 without recipients.</summary>
    public static double Rate(long part, long whole) => whole <= 0 ? 0 : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);

    private List<AnalyticsTimelinePoint> Timeline()
    {
        var points = new SortedDictionary<DateOnly, AnalyticsCounts>(_timeline);
        foreach (var point in AnalyticsPoints.Of(query, _zone)) points.TryAdd(point, new AnalyticsCounts(0));
        return [.. points.Select(p => new AnalyticsTimelinePoint(AnalyticsPoints.Label(p.Key, query.GroupBy), p.Value.Opens, p.Value.Clicks, p.Value.Tracks,
            p.Value.Opens - p.Value.BotOpens, p.Value.UniqueOpens, p.Value.UniqueClicks, p.Value.Bounced))];
    }

    /// <summary>Largest first (then by name), as a chart lists them.</summary>
    private static Dictionary<string, long> Sorted(Dictionary<string, long> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value);
}
