using MailTracker.Hits;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Pages what silos of the previous version consumed without paging it (a rolling upgrade): each partition's decided rows
/// after its marker, in chunks, by the consumption commit's own statement (<see cref="HitPages"/>). Idempotent and safe on
/// several silos at once: each chunk is written under the partition marker's lock from wherever the marker stands then.
/// </summary>
public sealed class HitPageBackfill(NpgsqlDataSource dataSource)
{
    /// <summary>Rows a transaction pages: short enough not to hold back the server's watermark for long.</summary>
    public const int ChunkRows = 50_000;

    private const string RangeCommand =
        $"""
        SELECT COALESCE(m.xid, 0), COALESCE(m.seq, 0), p.xid, p.seq
        FROM mt_log_positions p LEFT JOIN {HitPages.Marker} m ON m.partition = p.partition
        WHERE p.partition = @partition
        """;

    // The chunk's last row, through the tail index; none: the chunk reaches the position.
    private static readonly string ChunkEndCommand =
        $"""
        SELECT xid, seq FROM {HitTable.Name}
        WHERE partition = @partition AND (xid, seq) > (@from_xid, @from_seq) AND (xid, seq) <= (@to_xid, @to_seq)
        ORDER BY xid, seq OFFSET @skip LIMIT 1
        """;

    /// <summary>Pages every partition up to its present position; returns how many chunks it wrote.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var chunks = 0;
        for (var partition = 0; partition < HitPartitions.Count; partition++)
        {
            while (await PageChunkAsync(partition, cancellationToken)) chunks++;
        }
        return chunks;
    }

    /// <summary>One chunk of the partition's unpaged range; false when there was none.</summary>
    private async Task<bool> PageChunkAsync(int partition, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        LogPosition paged, position;
        await using (var range = new NpgsqlCommand(RangeCommand, connection))
        {
            range.Parameters.Add(Partition(partition));
            await using var reader = await range.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return false;
            (paged, position) = (new LogPosition(reader.GetInt64(0), reader.GetInt64(1)), new LogPosition(reader.GetInt64(2), reader.GetInt64(3)));
        }
        if (paged.CompareTo(position) >= 0) return false;

        var upto = position;
        await using (var end = new NpgsqlCommand(ChunkEndCommand, connection))
        {
            end.Parameters.Add(Partition(partition));
            end.Parameters.Add(new NpgsqlParameter<long>("from_xid", paged.Xid));
            end.Parameters.Add(new NpgsqlParameter<long>("from_seq", paged.Seq));
            end.Parameters.Add(new NpgsqlParameter<long>("to_xid", position.Xid));
            end.Parameters.Add(new NpgsqlParameter<long>("to_seq", position.Seq));
            end.Parameters.Add(new NpgsqlParameter<int>("skip", ChunkRows - 1));
            await using var reader = await end.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) upto = new LogPosition(reader.GetInt64(0), reader.GetInt64(1));
        }
        // Another silo may have paged past it meanwhile: the write pages from the marker it finds under the lock, or nothing.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await HitPages.WriteAsync(connection, transaction, partition, upto, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static NpgsqlParameter<short> Partition(int partition) =>
        new("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition };
}
