using System.Globalization;
using MailTracker.Analytics;

namespace MailTracker.Api.Analytics;

/// <summary>
/// The period of an analytics request, in its time zone: <c>7d</c>, <c>30d</c> (the default), <c>90d</c>, <c>1y</c> are that
/// many local days up to now, today included (from local midnight); <c>from</c>/<c>to</c> are ISO 8601 dates (whole local
/// days, <c>to</c> included) or times (<c>to</c> excluded).
/// </summary>
public static class AnalyticsPeriod
{
    public const string Default = "30d";

    /// <summary>The longest span a request may cover: a timeline by day of it stays a few hundred points.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(732);

    /// <summary>
    /// The instants a period may name: none before the Unix epoch (no hit is older), none so late that a day or a time zone's
    /// offset added to it leaves the calendar (9999-12-31 would, and answered 500).
    /// </summary>
    private static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    private static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, int> Days = new(StringComparer.Ordinal) { ["7d"] = 7, ["30d"] = 30, ["90d"] = 90, ["1y"] = 365 };

    /// <summary>The query, or the sentence that says what is wrong with the request (a 400).</summary>
    public static (AnalyticsQuery? Query, string? Label, string? Error) Resolve(
        string? period, string? from, string? to, string? groupBy, string? timeZone, long? trackingId, string? campaign, DateTimeOffset now)
    {
        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone)) return Fail($"timezone '{zoneId}' is not an IANA time zone (e.g. Europe/Berlin).");
        AnalyticsGrouping grouping;
        switch (groupBy?.Trim().ToLowerInvariant())
        {
            case null or "" or "day": grouping = AnalyticsGrouping.Day; break;
            case "week": grouping = AnalyticsGrouping.Week; break;
            case "month": grouping = AnalyticsGrouping.Month; break;
            default: return Fail("groupBy must be day, week or month.");
        }
        DateTimeOffset start, end;
        string label;
        if (!string.IsNullOrEmpty(from) || !string.IsNullOrEmpty(to))
        {
            if (!string.IsNullOrEmpty(period)) return Fail("Give period or from/to, not both.");
            if (!TryParse(from, zone, isEnd: false, out var fromTime)) return Fail($"from must be an ISO 8601 date or time from {Earliest:yyyy-MM-dd} to {Latest.AddDays(-1):yyyy-MM-dd}.");
            if (!TryParse(to, zone, isEnd: true, out var toTime)) return Fail($"to must be an ISO 8601 date or time from {Earliest:yyyy-MM-dd} to {Latest.AddDays(-1):yyyy-MM-dd}.");
            end = toTime ?? now;
            start = fromTime ?? end - TimeSpan.FromDays(Days[Default]);
            if (start >= end) return Fail("from must be before to.");
            if (end - start > MaxSpan) return Fail($"A period spans at most {MaxSpan.TotalDays:0} days.");
            label = "custom";
        }
        else
        {
            label = string.IsNullOrEmpty(period) ? Default : period.Trim();
            if (!Days.TryGetValue(label, out var days)) return Fail("period must be 7d, 30d, 90d or 1y.");
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            start = LocalMidnight(today.AddDays(1 - days), zone);
            end = now;
        }
        if (trackingId is not null && !string.IsNullOrEmpty(campaign)) return Fail("Give mailTrackingId or campaign, not both.");
        var query = new AnalyticsQuery(trackingId, string.IsNullOrWhiteSpace(campaign) ? null : campaign.Trim(), start.ToUniversalTime(), end.ToUniversalTime(), grouping, zone.Id);
        return (query, label, null);
    }

    private static (AnalyticsQuery?, string?, string?) Fail(string error) => (null, null, error);

    private static bool TryParse(string? text, TimeZoneInfo zone, bool isEnd, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (day < DateOnly.FromDateTime(Earliest.UtcDateTime) || day >= DateOnly.FromDateTime(Latest.UtcDateTime)) return false;
            // A date is a whole local day; the end day is included.
            time = LocalMidnight(isEnd ? day.AddDays(1) : day, zone);
            return true;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) || parsed < Earliest || parsed >= Latest) return false;
        time = parsed;
        return true;
    }

    /// <summary>The instant a local day starts (where midnight is skipped by a clock change, the first valid local time).</summary>
    public static DateTimeOffset LocalMidnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
