using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The pages of an entity's decided hits (<c>mt_hit_pages</c>, migration 0019): how they are written (by the consumption commit
/// and the back-fill, one statement for both) and how readers find an entity's rows through them. Each partition's hits are
/// paged up to its marker (<c>mt_hits_paged</c>); decided rows after it (consumed by a silo of the previous version) are read
/// from the tail index, so a read is right whether or not the back-fill has caught up.
/// </summary>
public static class HitPages
{
    public const string Table = "mt_hit_pages";

    public const string Marker = "mt_hits_paged";

    /// <summary>
    /// Hits a page: a consumption of 2,000 rows is one page per entity; a back-filled range splits, so no array grows past a
    /// few pages of PostgreSQL's storage.
    /// </summary>
    public const int Capacity = 2_000;

    // Taken before the pages are written, held to the commit: a back-fill and a tailer's commit of one partition page
    // one after the other, each from where the other stopped.
    private const string LockCommand = $"SELECT xid, seq FROM {Marker} WHERE partition = @partition FOR UPDATE";

    // The range to page: after the marker, up to @xid/@seq; caught up when the marker is the partition's position (before
    // this commit moves it), i.e. no silo of the previous version consumed since.
    private const string Bounds =
        $"""
        bounds AS (
            SELECT COALESCE(max(m.xid), 0) AS paged_xid, COALESCE(max(m.seq), 0) AS paged_seq,
                   COALESCE((SELECT p.xid FROM mt_log_positions p WHERE p.partition = @partition), 0) AS at_xid,
                   COALESCE((SELECT p.seq FROM mt_log_positions p WHERE p.partition = @partition), 0) AS at_seq
            FROM {Marker} m WHERE m.partition = @partition)
        """;

    private const string Columns = "kind, entity_id, upto_xid, upto_seq, partition, hits, xids, seqs";

    private const string Pages =
        "SELECT kind, entity_id, xids[cardinality(xids)], seqs[cardinality(seqs)], @partition, cardinality(xids), xids, seqs";

    // Caught up (every commit of this version, once the upgrade is over): the range is one tailer batch, at most Capacity
    // rows, so one page per entity and no split (the split's window sort doubled the statement's time).
    private static readonly string WriteBatchCommand =
        $"""
        WITH {Bounds}
        INSERT INTO {Table} ({Columns})
        {Pages}
        FROM (SELECT h.kind, h.entity_id, array_agg(h.xid ORDER BY h.xid, h.seq) AS xids, array_agg(h.seq ORDER BY h.xid, h.seq) AS seqs
              FROM bounds b JOIN {HitTable.Name} h ON h.partition = @partition AND (h.xid, h.seq) > (b.paged_xid, b.paged_seq)
              WHERE b.paged_xid = b.at_xid AND b.paged_seq = b.at_seq AND (h.xid, h.seq) <= (@xid, @seq) AND h.entity_id <> 0
              GROUP BY h.kind, h.entity_id) g
        """;

    // Caught up, with the places the tailer sends (CountedPlaces): no read of mt_hits at all, one row per entity.
    private static readonly string WriteGivenCommand =
        $"""
        WITH {Bounds}
        INSERT INTO {Table} ({Columns})
        SELECT g.kind, g.entity_id, (@xids)[g.stop], (@seqs)[g.stop], @partition, g.stop - g.start + 1,
               (@xids)[g.start:g.stop], (@seqs)[g.start:g.stop]
        FROM bounds b CROSS JOIN unnest(@kinds, @entities, @starts, @stops) AS g (kind, entity_id, start, stop)
        WHERE b.paged_xid = b.at_xid AND b.paged_seq = b.at_seq
        """;

    // Behind (an old silo's consumptions, the back-fill): any length, so split every Capacity rows of an entity.
    private static readonly string WriteRangeCommand =
        $"""
        WITH {Bounds}
        INSERT INTO {Table} ({Columns})
        {Pages}
        FROM (SELECT kind, entity_id, array_agg(xid ORDER BY xid, seq) AS xids, array_agg(seq ORDER BY xid, seq) AS seqs
              FROM (SELECT h.kind, h.entity_id, h.xid, h.seq,
                           (row_number() OVER (PARTITION BY h.kind, h.entity_id ORDER BY h.xid, h.seq) - 1) / {Capacity} AS page
                    FROM bounds b JOIN {HitTable.Name} h ON h.partition = @partition AND (h.xid, h.seq) > (b.paged_xid, b.paged_seq)
                    WHERE (b.paged_xid <> b.at_xid OR b.paged_seq <> b.at_seq) AND (h.xid, h.seq) <= (@xid, @seq) AND h.entity_id <> 0) r
              GROUP BY kind, entity_id, page) g
        """;

    private const string MoveCommand =
        $"""
        INSERT INTO {Marker} AS m (partition, xid, seq) VALUES (@partition, @xid, @seq)
        ON CONFLICT (partition) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq
            WHERE (m.xid, m.seq) < (EXCLUDED.xid, EXCLUDED.seq)
        """;

    /// <summary>
    /// The rows of entity <paramref name="kind"/>/<paramref name="entity"/> (SQL expressions) of partition
    /// <paramref name="partition"/> after its marker and at most <paramref name="upto"/> (a row-valued SQL expression):
    /// through the tail index, a range that is empty unless a silo of the previous version consumed hits lately.
    /// </summary>
    public static string Unpaged(string kind, string entity, string partition, string upto) =>
        $"""
        SELECT x.partition, x.xid, x.seq FROM {HitTable.Name} x
        WHERE x.partition = {partition} AND x.kind = {kind} AND x.entity_id = {entity}
          AND (x.xid, x.seq) > (SELECT COALESCE(max(m.xid), 0), COALESCE(max(m.seq), 0) FROM {Marker} m WHERE m.partition = {partition})
          AND (x.xid, x.seq) <= {upto}
        """;

    /// <summary>The places of every decided row of one entity (<c>@kind</c>, <c>@entity</c>, <c>@partition</c>), in no order.</summary>
    public static readonly string Decided =
        $"""
        SELECT pg.partition, u.xid, u.seq FROM {Table} pg CROSS JOIN LATERAL unnest(pg.xids, pg.seqs) AS u (xid, seq)
        WHERE pg.kind = @kind AND pg.entity_id = @entity
        UNION ALL
        {Unpaged("@kind", "@entity", "@partition", "(SELECT p.xid, p.seq FROM mt_log_positions p WHERE p.partition = @partition)")}
        """;

    /// <summary>
    /// Pages partition <paramref name="partition"/>'s decided rows after its marker up to <paramref name="upto"/> and moves the
    /// marker there, in <paramref name="transaction"/>: everything in one round trip. Under the marker's lock, so no page is
    /// written twice; of the two writes only the one for the range's case does anything. With <paramref name="places"/> (a
    /// tailer's batch: exactly the range's counted rows), a caught-up partition's pages are written from them; without, and
    /// always when behind, they are found in the tail index.
    /// </summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, int partition, LogPosition upto, CountedPlaces? places, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var caughtUp = places is null ? WriteBatchCommand : WriteGivenCommand;
        foreach (var sql in (ReadOnlySpan<string>)[LockCommand, caughtUp, WriteRangeCommand, MoveCommand])
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(Partition(partition));
            if (!ReferenceEquals(sql, LockCommand))
            {
                command.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = upto.Xid });
                command.Parameters.Add(new NpgsqlParameter<long>("seq", NpgsqlDbType.Bigint) { TypedValue = upto.Seq });
            }
            if (ReferenceEquals(sql, WriteGivenCommand)) AddPlaces(command.Parameters, places!);
            batch.BatchCommands.Add(command);
        }
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddPlaces(NpgsqlParameterCollection parameters, CountedPlaces places)
    {
        parameters.Add(new NpgsqlParameter<short[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { TypedValue = places.Kinds });
        parameters.Add(new NpgsqlParameter<long[]>("entities", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = places.Entities });
        parameters.Add(new NpgsqlParameter<int[]>("starts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = places.Starts });
        parameters.Add(new NpgsqlParameter<int[]>("stops", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = places.Stops });
        parameters.Add(new NpgsqlParameter<long[]>("xids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = places.Xids });
        parameters.Add(new NpgsqlParameter<long[]>("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = places.Seqs });
    }

    private static NpgsqlParameter<short> Partition(int partition) =>
        new("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition };
}
