namespace MailTracker.Grains.Analytics;

/// <summary>
/// The rollups' time buckets (UTC): counters per quarter of an hour (every time zone's offset is a multiple of 15 minutes,
/// so local days and hours are exact), breakdowns per hour. Hits without a time sit in <see cref="Undated"/>. A bucket counts
/// in a period it overlaps: a period given to the minute takes its first quarter hour (hour, for breakdowns) whole.
/// </summary>
public static class AnalyticsBuckets
{
    public static readonly DateTimeOffset Undated = DateTimeOffset.UnixEpoch;

    private static readonly long QuarterTicks = TimeSpan.FromMinutes(15).Ticks;

    private static readonly long HourTicks = TimeSpan.FromHours(1).Ticks;

    public static DateTimeOffset Quarter(DateTimeOffset? date) => Floor(date, QuarterTicks);

    public static DateTimeOffset Hour(DateTimeOffset? date) => Floor(date, HourTicks);

    private static DateTimeOffset Floor(DateTimeOffset? date, long ticks)
    {
        if (date is not { } value) return Undated;
        var utc = value.UtcTicks;
        return new DateTimeOffset(utc - utc % ticks, TimeSpan.Zero);
    }
}
