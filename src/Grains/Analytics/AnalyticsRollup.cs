using MailTracker.Hits;

namespace MailTracker.Grains.Analytics;

/// <summary>
/// What one commit adds to the analytics rollups: counters per mail tracking and quarter hour, human opens' breakdowns per hour.
/// Built by the tailer (hits) or a store (recipients), completed by the commit that knows which recipients open for the first
/// time, and written in that commit's transaction. Rows come out in key order, the order every commit locks them in.
/// </summary>
public sealed class AnalyticsRollup
{
    private Dictionary<AnalyticsKey, AnalyticsCounts>? _counts;
    private Dictionary<BreakdownKey, BreakdownCount>? _breakdowns;

    public bool IsEmpty => _counts is null && _breakdowns is null;

    /// <summary>The counter rows, in key order.</summary>
    public IReadOnlyList<KeyValuePair<AnalyticsKey, AnalyticsCounts>> Counts =>
        _counts is null ? [] : [.. _counts.OrderBy(c => c.Key)];

    /// <summary>The breakdown rows, in key order.</summary>
    public IReadOnlyList<KeyValuePair<BreakdownKey, BreakdownCount>> Breakdowns =>
        _breakdowns is null ? [] : [.. _breakdowns.OrderBy(b => b.Key)];

    /// <summary>A counted hit: an open or click, a bot's or a person's (through an image proxy or not).</summary>
    public void AddHit(long trackingId, long accountId, DateTimeOffset? date, HitKind kind, bool bot, bool proxy)
    {
        var counts = CountsOf(trackingId, accountId, date);
        if (kind == HitKind.Open)
        {
            counts.Opens++;
            if (bot) counts.BotOpens++;
            else if (proxy) counts.ProxyOpens++;
        }
        else
        {
            counts.Clicks++;
            if (bot) counts.BotClicks++;
        }
    }

    /// <summary>A human open under <paramref name="key"/> (<c>client:Gmail</c>, …) in the hour and the UTC day of <paramref name="date"/>.</summary>
    public void AddBreakdown(long trackingId, long accountId, DateTimeOffset? date, string key)
    {
        _breakdowns ??= [];
        Add(_breakdowns, new BreakdownKey(trackingId, false, AnalyticsBuckets.Hour(date), key), accountId);
        Add(_breakdowns, new BreakdownKey(trackingId, true, BreakdownRanges.Day(date), key), accountId);

        static void Add(Dictionary<BreakdownKey, BreakdownCount> rows, BreakdownKey row, long accountId)
        {
            if (!rows.TryGetValue(row, out var count)) rows[row] = count = new BreakdownCount(accountId);
            count.Opens++;
        }
    }

    /// <summary>A recipient's first human open or click (a person, counted once).</summary>
    public void AddFirst(long trackingId, long accountId, DateTimeOffset? date, HitKind kind)
    {
        var counts = CountsOf(trackingId, accountId, date);
        if (kind == HitKind.Open) counts.UniqueOpens++;
        else counts.UniqueClicks++;
    }

    /// <summary>Recipients created (tracks), bounced or unsubscribed at <paramref name="time"/>.</summary>
    public void AddRecipients(long trackingId, long accountId, DateTimeOffset time, long created = 0, long bounced = 0, long unsubscribed = 0)
    {
        var counts = CountsOf(trackingId, accountId, time);
        counts.Tracks += created;
        counts.Bounced += bounced;
        counts.Unsubscribed += unsubscribed;
    }

    private AnalyticsCounts CountsOf(long trackingId, long accountId, DateTimeOffset? date)
    {
        _counts ??= [];
        var key = new AnalyticsKey(trackingId, AnalyticsBuckets.Quarter(date));
        if (!_counts.TryGetValue(key, out var counts)) _counts[key] = counts = new AnalyticsCounts(accountId);
        return counts;
    }
}
