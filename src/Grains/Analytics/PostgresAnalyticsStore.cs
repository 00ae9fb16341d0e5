using MailTracker.Analytics;
using Npgsql;

namespace MailTracker.Grains.Analytics;

/// <summary>
/// Reads the rollups of PostgreSQL (<c>mt_analytics</c>, <c>mt_analytics_breakdowns</c>; written by the consumption commit and
/// the recipient store): one round trip of two grouped reads, by the primary key for a mail tracking, by the account's index
/// otherwise. A month of a busy tracking is a few thousand rows, whatever its number of hits.
/// </summary>
public sealed class PostgresAnalyticsStore(NpgsqlDataSource dataSource) : IAnalyticsStore
{
    private const string Sums =
        "sum(opens), sum(bot_opens), sum(proxy_opens), sum(clicks), sum(bot_clicks), sum(unique_opens), sum(unique_clicks), " +
        "sum(tracks), sum(bounced), sum(unsubscribed)";

    private const string InPeriod = "((bucket >= @from AND bucket < @to) OR bucket = @undated)";

    // The rule of BreakdownRanges.
    private const string InBreakdownPeriod =
        "((span = 1 AND ((bucket >= @day_from AND bucket < @day_to) OR bucket = @undated)) " +
        "OR (span = 0 AND bucket <> @undated AND ((bucket >= @hour_from AND bucket < @hour_to) OR (bucket >= @last_hour_from AND bucket < @last_hour_to))))";

    private static readonly string TrackingCountsCommand =
        $"SELECT bucket, {Sums} FROM mt_analytics WHERE tracking_id = @tracking AND account_id = @account AND {InPeriod} GROUP BY bucket";

    private static readonly string AccountCountsCommand =
        $"SELECT bucket, {Sums} FROM mt_analytics WHERE account_id = @account AND {InPeriod} GROUP BY bucket";

    private static readonly string TrackingBreakdownsCommand =
        $"SELECT key, sum(opens) FROM mt_analytics_breakdowns WHERE tracking_id = @tracking AND account_id = @account AND {InBreakdownPeriod} GROUP BY key";

    private static readonly string AccountBreakdownsCommand =
        $"SELECT key, sum(opens) FROM mt_analytics_breakdowns WHERE account_id = @account AND {InBreakdownPeriod} GROUP BY key";

    public async Task<AnalyticsReport> ReportAsync(long accountId, long? trackingId, AnalyticsQuery query, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(trackingId is null ? AccountCountsCommand : TrackingCountsCommand, accountId, trackingId, query));
        batch.BatchCommands.Add(Command(trackingId is null ? AccountBreakdownsCommand : TrackingBreakdownsCommand, accountId, trackingId, query));
        var report = new AnalyticsReportBuilder(query);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var counts = new AnalyticsCounts(accountId)
            {
                Opens = reader.GetInt64(1), BotOpens = reader.GetInt64(2), ProxyOpens = reader.GetInt64(3), Clicks = reader.GetInt64(4),
                BotClicks = reader.GetInt64(5), UniqueOpens = reader.GetInt64(6), UniqueClicks = reader.GetInt64(7), Tracks = reader.GetInt64(8),
                Bounced = reader.GetInt64(9), Unsubscribed = reader.GetInt64(10),
            };
            report.AddCounts(reader.GetFieldValue<DateTimeOffset>(0), counts);
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) report.AddBreakdown(reader.GetString(0), reader.GetInt64(1));
        return report.Build();
    }

    private static NpgsqlBatchCommand Command(string sql, long accountId, long? trackingId, AnalyticsQuery query)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
        if (trackingId is { } tracking) command.Parameters.Add(new NpgsqlParameter<long>("tracking", tracking));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", Clamp(AnalyticsBuckets.Quarter(query.From))));
        var ranges = BreakdownRanges.Of(query.From, query.To);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("day_from", Clamp(ranges.DayFrom)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("day_to", Clamp(ranges.DayTo)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("hour_from", Clamp(ranges.HourFrom)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("hour_to", Clamp(ranges.HourTo)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("last_hour_from", Clamp(ranges.LastHourFrom)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("last_hour_to", Clamp(ranges.LastHourTo)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", Clamp(query.To)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("undated", AnalyticsBuckets.Undated));
        return command;
    }

    /// <summary>PostgreSQL's timestamps span 4713 BC to 294276 AD; an open end (the page's "all time") becomes the epoch or a far year.</summary>
    private static DateTimeOffset Clamp(DateTimeOffset time) =>
        time < AnalyticsBuckets.Undated ? AnalyticsBuckets.Undated : time.Year > 9000 ? new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero) : time.ToUniversalTime();
}
