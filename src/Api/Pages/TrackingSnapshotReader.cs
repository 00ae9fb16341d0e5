using System.Globalization;
using MailTracker.Analytics;
using MailTracker.Grains.Classification;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Locations;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Api.Pages;

/// <summary>
/// Reads a tracking page's snapshot: the numbers and charts from the analytics rollups (never the hits), the log from the
/// stored hits (one page, newest first), described and located as the data endpoints do.
/// </summary>
public sealed class TrackingSnapshotReader(IGrainFactory grains, IHitDataStore hits, UserAgentDescriber describer, HitLocator locator, TimeProvider clock)
{
    public const int LogPageSize = 50;

    /// <summary>The deepest log page: as far as the data endpoints page (their offset limit).</summary>
    public const int MaxLogPage = 45_000 / LogPageSize + 1;

    private const string Unknown = "Unknown";
    private const string None = "—";

    public async Task<TrackingSnapshot?> ReadAsync(MailTrackingInfo tracking, int page, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var report = await grains.GetGrain<IAnalyticsGrain>(tracking.AccountId).GetAsync(Query(tracking, zone));
        if (report is null) return null;
        var log = await hits.TrackingPageAsync(tracking.Pixel?.Id, [.. tracking.Links.Select(l => l.Id)], (page - 1) * LogPageSize, LogPageSize, cancellationToken);
        var privacy = tracking.Settings.Privacy;
        var charts = new TrackingCharts(
            privacy.TrackIpAddresses ? Breakdown(report.Countries, CountryName) : null,
            privacy.TrackUserAgents ? Breakdown(report.Devices, name => name) : null,
            privacy.TrackDateTimes ? new ChartSeries([.. report.Timeline.Select(p => p.Date)], [.. report.Timeline.Select(p => p.Opens)]) : null,
            privacy.TrackDateTimes ? new ChartSeries([.. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))], report.TimeOfDay) : null);
        var links = tracking.Links.Select(l => new LinkRow(l.Id, l.OriginalUrl ?? "", l.Counts.Total, l.Counts.Humans, l.Counts.Bots)).ToList();
        return new TrackingSnapshot(report.Summary, charts, links, LogTotal(tracking), [.. log.Select(hit => Describe(hit, tracking, zone))]);
    }

    /// <summary>Every stored hit of the pixel and the links: the rows the log pages through.</summary>
    public static long LogTotal(MailTrackingInfo tracking) => (tracking.Pixel?.Counts.Total ?? 0) + tracking.Links.Sum(l => l.Counts.Total);

    /// <summary>The whole life of the tracking, in whole local days of <paramref name="zone"/>.</summary>
    private AnalyticsQuery Query(MailTrackingInfo tracking, TimeZoneInfo zone)
    {
        var now = clock.GetUtcNow();
        var firstDay = TimeZoneInfo.ConvertTime(tracking.Created, zone).Date;
        var tomorrow = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(1);
        var from = new DateTimeOffset(firstDay, zone.GetUtcOffset(firstDay));
        var to = new DateTimeOffset(tomorrow, zone.GetUtcOffset(tomorrow));
        return new AnalyticsQuery(tracking.Id, null, from, to, AnalyticsGrouping.Day, zone.Id);
    }

    private static ChartSeries Breakdown(IReadOnlyDictionary<string, long> counts, Func<string, string> name)
    {
        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        return new ChartSeries([.. ordered.Select(c => name(c.Key))], [.. ordered.Select(c => c.Value)]);
    }

    private static string CountryName(string code)
    {
        if (code.Length != 2) return code;
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }

    private LogRow Describe(Hit hit, MailTrackingInfo tracking, TimeZoneInfo zone)
    {
        // Derived when read, from what the privacy settings let us keep, as the data endpoints do.
        var agent = describer.Describe(hit.UserAgent);
        var place = locator.Locate(hit.IpAddress);
        var what = hit.Kind == HitKind.Open
            ? "Open"
            : "Click: " + (tracking.Links.FirstOrDefault(l => l.Id == hit.EntityId)?.OriginalUrl ?? "a deleted link");
        var date = hit.Date is { } d ? TimeZoneInfo.ConvertTime(d, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : None;
        var where = place is null ? Unknown : string.Join(", ", new[] { place.City, place.Country }.Where(p => !string.IsNullOrEmpty(p)));
        var verdict = hit.Bot ? "Bot: " + (hit.BotReason ?? "unknown") : hit.Proxy is { } proxy ? $"Person, through the {proxy} image proxy" : "Person";
        return new LogRow(
            date,
            what,
            hit.UserAgent is null ? None : agent.EmailClient ?? "Web browser",
            agent.Device ?? Unknown,
            agent.Os ?? Unknown,
            where.Length == 0 ? Unknown : where,
            verdict,
            hit.RecipientId is { } recipient ? "#" + recipient.ToString(CultureInfo.InvariantCulture) : None);
    }
}
