using MailTracker.Hits;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>Reads a partition of the PostgreSQL hit log (<c>mt_hits</c>) in commit order for its tailer.</summary>
public sealed class HitLogReader(NpgsqlDataSource dataSource) : IHitLogReader
{
    // Only rows of transactions older than the snapshot's xmin: those can no longer be in flight, so no row
    // with a smaller (xid, seq) can appear after this read, and the position never moves past a later commit.
    private static readonly string ReadCommand =
        $"""
        SELECT xid, seq, {HitTable.TailerSelectList}
        FROM {HitTable.Name}
        WHERE partition = @partition
          AND (xid, seq) > (@xid, @seq)
          AND xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
        ORDER BY xid, seq
        LIMIT @limit
        """;

    private const string WatermarkCommand = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    public async Task<HitLogBatch> ReadAsync(int partition, LogPosition after, int limit, List<LoggedHit> buffer, CancellationToken cancellationToken = default)
    {
        buffer.Clear();
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, HitPartitions.Count);
        if (limit <= 0) return new HitLogBatch(buffer, after);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The watermark first, then the rows (a later snapshot, so at least as far): when the rows do not fill
        // the page, every row below that watermark has been read, and the position can move up to it.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(WatermarkCommand));
        var read = new NpgsqlBatchCommand(ReadCommand);
        read.Parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition });
        read.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = after.Xid });
        read.Parameters.Add(new NpgsqlParameter<long>("seq", NpgsqlDbType.Bigint) { TypedValue = after.Seq });
        read.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        batch.BatchCommands.Add(read);
        // Prepared statements survive the pooled connection's return, so this costs a round trip only once per connection.
        await batch.PrepareAsync(cancellationToken);

        var next = after;
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var watermark = new LogPosition(reader.GetInt64(0) - 1, long.MaxValue);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            next = new LogPosition(reader.GetInt64(0), reader.GetInt64(1));
            buffer.Add(HitTable.ReadLogged(reader, 2, next));
        }
        return new HitLogBatch(buffer, buffer.Count < limit && watermark.CompareTo(next) > 0 ? watermark : next);
    }
}
