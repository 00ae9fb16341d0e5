namespace MailTracker.Grains.Analytics;

/// <summary>
/// Which breakdown rows a period [from, to) reads: the day rows of the UTC days it covers whole, the hour rows of the rest (its
/// partial first and last days), and the undated row once (a day row). Every store reads by this one rule.
/// </summary>
public readonly record struct BreakdownRanges(
    DateTimeOffset DayFrom, DateTimeOffset DayTo, DateTimeOffset HourFrom, DateTimeOffset HourTo, DateTimeOffset LastHourFrom, DateTimeOffset LastHourTo)
{
    private static readonly long DayTicks = TimeSpan.FromDays(1).Ticks;

    public static BreakdownRanges Of(DateTimeOffset from, DateTimeOffset to)
    {
        var start = from < AnalyticsBuckets.Undated ? AnalyticsBuckets.Undated : from;
        var firstWholeDay = Ceiling(start);
        var lastWholeDayEnd = Floor(to);
        var hourFrom = AnalyticsBuckets.Hour(start);
        // A period within a day or two: hour rows only.
        if (firstWholeDay >= lastWholeDayEnd) return new(to, to, hourFrom, to, to, to);
        return new(firstWholeDay, lastWholeDayEnd, hourFrom, firstWholeDay, lastWholeDayEnd, to);
    }

    public bool Contains(BreakdownKey key) => key.Daily
        ? key.Bucket == AnalyticsBuckets.Undated || (key.Bucket >= DayFrom && key.Bucket < DayTo)
        : key.Bucket != AnalyticsBuckets.Undated && ((key.Bucket >= HourFrom && key.Bucket < HourTo) || (key.Bucket >= LastHourFrom && key.Bucket < LastHourTo));

    public static DateTimeOffset Day(DateTimeOffset? date) => date is { } value ? Floor(value) : AnalyticsBuckets.Undated;

    private static DateTimeOffset Floor(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % DayTicks, TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset time)
    {
        var floor = Floor(time);
        return floor == time ? floor : floor.AddDays(1);
    }
}
