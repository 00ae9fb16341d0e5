using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Analytics;

/// <summary>
/// A rollup as the array parameters of the statements that add it (<c>@r_…</c> for <c>mt_analytics</c>, <c>@b_…</c> for
/// <c>mt_analytics_breakdowns</c>): the consumption commit's and the recipient store's.
/// </summary>
public static class AnalyticsParameters
{
    public static void Add(NpgsqlParameterCollection parameters, AnalyticsRollup rollup)
    {
        var counts = rollup.Counts;
        var n = counts.Count;
        var (trackings, buckets, accounts) = (new long[n], new DateTime[n], new long[n]);
        var (opens, botOpens, proxyOpens, clicks, botClicks) = (new long[n], new long[n], new long[n], new long[n], new long[n]);
        var (uniqueOpens, uniqueClicks, tracks, bounced, unsubscribed) = (new long[n], new long[n], new long[n], new long[n], new long[n]);
        for (var i = 0; i < n; i++)
        {
            var (key, c) = (counts[i].Key, counts[i].Value);
            (trackings[i], buckets[i], accounts[i]) = (key.TrackingId, key.Bucket.UtcDateTime, c.AccountId);
            (opens[i], botOpens[i], proxyOpens[i], clicks[i], botClicks[i]) = (c.Opens, c.BotOpens, c.ProxyOpens, c.Clicks, c.BotClicks);
            (uniqueOpens[i], uniqueClicks[i], tracks[i], bounced[i], unsubscribed[i]) = (c.UniqueOpens, c.UniqueClicks, c.Tracks, c.Bounced, c.Unsubscribed);
        }
        Longs(parameters, "r_trackings", trackings);
        parameters.Add(new NpgsqlParameter<DateTime[]>("r_buckets", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = buckets });
        Longs(parameters, "r_accounts", accounts);
        Longs(parameters, "r_opens", opens);
        Longs(parameters, "r_bot_opens", botOpens);
        Longs(parameters, "r_proxy_opens", proxyOpens);
        Longs(parameters, "r_clicks", clicks);
        Longs(parameters, "r_bot_clicks", botClicks);
        Longs(parameters, "r_unique_opens", uniqueOpens);
        Longs(parameters, "r_unique_clicks", uniqueClicks);
        Longs(parameters, "r_tracks", tracks);
        Longs(parameters, "r_bounced", bounced);
        Longs(parameters, "r_unsubscribed", unsubscribed);

        var breakdowns = rollup.Breakdowns;
        var m = breakdowns.Count;
        var (bTrackings, spans, bBuckets, keys, bAccounts, bOpens) = (new long[m], new short[m], new DateTime[m], new string[m], new long[m], new long[m]);
        for (var i = 0; i < m; i++)
        {
            var (key, b) = (breakdowns[i].Key, breakdowns[i].Value);
            (bTrackings[i], spans[i], bBuckets[i], keys[i], bAccounts[i], bOpens[i]) = (key.TrackingId, key.Span, key.Bucket.UtcDateTime, key.Key, b.AccountId, b.Opens);
        }
        Longs(parameters, "b_trackings", bTrackings);
        parameters.Add(new NpgsqlParameter<short[]>("b_spans", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { TypedValue = spans });
        parameters.Add(new NpgsqlParameter<DateTime[]>("b_buckets", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = bBuckets });
        parameters.Add(new NpgsqlParameter<string[]>("b_keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys });
        Longs(parameters, "b_accounts", bAccounts);
        Longs(parameters, "b_opens", bOpens);
    }

    private static void Longs(NpgsqlParameterCollection parameters, string name, long[] values) =>
        parameters.Add(new NpgsqlParameter<long[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = values });
}
