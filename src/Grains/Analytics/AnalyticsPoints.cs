using System.Globalization;
using MailTracker.Analytics;

namespace MailTracker.Grains.Analytics;

/// <summary>A timeline's points: local days, weeks (ISO: their Monday) or months, as every report labels and fills them.</summary>
public static class AnalyticsPoints
{
    /// <summary>A timeline is filled with empty points only up to this many (an all-time day timeline of years is not).</summary>
    private const int MaxFilledPoints = 1_000;

    /// <summary>The point a UTC time falls in, in the zone.</summary>
    public static DateOnly Of(DateTimeOffset time, TimeZoneInfo zone, AnalyticsGrouping grouping) =>
        Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, zone).DateTime), grouping);

    public static DateOnly Of(DateOnly day, AnalyticsGrouping grouping) => grouping switch
    {
        // ISO weeks start on Monday.
        AnalyticsGrouping.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        AnalyticsGrouping.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    /// <summary>Every point of the query's period (at most 1,000), so that a chart shows the quiet ones as zero.</summary>
    public static IEnumerable<DateOnly> Of(AnalyticsQuery query, TimeZoneInfo zone)
    {
        if (query.From <= DateTimeOffset.MinValue || query.To >= DateTimeOffset.MaxValue || query.From >= query.To) yield break;
        var last = Of(query.To.AddTicks(-1), zone, query.GroupBy);
        for (var (point, n) = (Of(query.From, zone, query.GroupBy), 0); point <= last && n < MaxFilledPoints; point = Next(point, query.GroupBy), n++)
        {
            yield return point;
        }
    }

    public static string Label(DateOnly point, AnalyticsGrouping grouping) => grouping == AnalyticsGrouping.Month
        ? point.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : point.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Next(DateOnly point, AnalyticsGrouping grouping) => grouping switch
    {
        AnalyticsGrouping.Week => point.AddDays(7),
        AnalyticsGrouping.Month => point.AddMonths(1),
        _ => point.AddDays(1),
    };
}
