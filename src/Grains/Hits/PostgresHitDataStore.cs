using MailTracker.Hits;
using MailTracker.Recipients;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The decided hits in PostgreSQL (<c>mt_hits</c>, the same rows the log wrote), their counts
/// (<c>mt_hit_counts</c>) and the partitions' positions (<c>mt_log_positions</c>), with the semantics of
/// <see cref="InMemoryHitStore"/>. A row is data once its partition's position has passed it.
/// </summary>
public sealed class PostgresHitDataStore(NpgsqlDataSource dataSource) : IHitDataStore
{
    // One statement: the counts and the position move together or not at all. Entities belong to one
    // partition each, so concurrent commits of different partitions never touch the same counts row.
    private const string CountCommand =
        """
        WITH counted AS (
            INSERT INTO mt_hit_counts AS c (kind, entity_id, total, bots)
            SELECT * FROM unnest(@kinds, @entities, @totals, @bots)
            ON CONFLICT (kind, entity_id) DO UPDATE SET total = c.total + EXCLUDED.total, bots = c.bots + EXCLUDED.bots
        )
        INSERT INTO mt_log_positions AS p (partition, xid, seq) VALUES (@partition, @xid, @seq)
        ON CONFLICT (partition) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq
            WHERE (p.xid, p.seq) < (EXCLUDED.xid, EXCLUDED.seq)
        """;

    // Hit ids are not a key (0009): the discarded rows are found in the range this batch read, through the
    // tailers' index: after the partition's position, up to the new one.
    private const string DiscardCommand =
        """
        DELETE FROM mt_hits
        WHERE partition = @partition AND hit_id = ANY(@ids)
          AND (xid, seq) > (COALESCE((SELECT p.xid FROM mt_log_positions p WHERE p.partition = @partition), 0),
                            COALESCE((SELECT p.seq FROM mt_log_positions p WHERE p.partition = @partition), 0))
          AND (xid, seq) <= (@xid, @seq)
        """;

    private const string PositionCommand = "SELECT xid, seq FROM mt_log_positions WHERE partition = @partition";

    private const string CountsCommand =
        "SELECT total, bots FROM mt_hit_counts WHERE kind = @kind AND entity_id = @entity";

    // Decided rows only: up to the position of the entity's partition (no position yet: nothing decided).
    private const string Decided =
        "(xid, seq) <= (SELECT p.xid, p.seq FROM mt_log_positions p WHERE p.partition = @partition)";

    private const string PageCommand =
        $$"""
        SELECT {{HitRows.Columns}}
        FROM mt_hits
        WHERE kind = @kind AND entity_id = @entity AND {{Decided}}
        ORDER BY xid DESC, seq DESC
        OFFSET @offset LIMIT @limit
        """;

    private const string IpHashesCommand =
        $"SELECT DISTINCT ip_hash FROM mt_hits WHERE kind = @kind AND entity_id = @entity AND ip_hash IS NOT NULL AND {Decided}";

    // Below the lowest partition position (and only once every partition has one): an event shown can never
    // be followed by one that sorts before it.
    private const string EventsCommand =
        """
        SELECT h.xid, h.seq, h.hit_id, h.entity_id, h.tracking_id, h.date, h.ip_hash, h.bot, r.token
        FROM mt_hits h LEFT JOIN mt_recipients r ON r.id = h.recipient_id
        WHERE h.account_id = @account AND h.kind = @kind AND (@tracking = 0 OR h.tracking_id = @tracking)
          AND (h.xid, h.seq) > (@xid, @seq)
          AND (SELECT count(*) FROM mt_log_positions) = @partitions
          AND (h.xid, h.seq) <= (SELECT p.xid, p.seq FROM mt_log_positions p ORDER BY p.xid, p.seq LIMIT 1)
        ORDER BY h.xid, h.seq
        LIMIT @limit
        """;

    private const string DeleteCommand =
        """
        DELETE FROM mt_hits WHERE kind = @kind AND entity_id = @entity;
        DELETE FROM mt_hit_counts WHERE kind = @kind AND entity_id = @entity;
        """;

    public async Task<LogPosition> GetPositionAsync(int partition, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(PositionCommand);
        command.Parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LogPosition(reader.GetInt64(0), reader.GetInt64(1)) : LogPosition.Start;
    }

    public async Task CommitAsync(int partition, HitConsumption consumption, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The usual batch is one statement; discarded, resolved or recipients' hits need a transaction around more.
        await using var transaction = consumption.Discarded.Count > 0 || consumption.Resolved.Count > 0 || consumption.Recipients.Count > 0
            ? await connection.BeginTransactionAsync(cancellationToken)
            : null;
        if (consumption.Discarded.Count > 0)
        {
            // Before the resolved rows are logged again: they keep the hit ids of the raw rows deleted here.
            await using var discard = new NpgsqlCommand(DiscardCommand, connection, transaction);
            discard.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. consumption.Discarded] });
            discard.Parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition });
            discard.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = consumption.Next.Xid });
            discard.Parameters.Add(new NpgsqlParameter<long>("seq", NpgsqlDbType.Bigint) { TypedValue = consumption.Next.Seq });
            await discard.ExecuteNonQueryAsync(cancellationToken);
        }
        if (consumption.Resolved.Count > 0)
        {
            // Written in this transaction, so with its xid: after every position taken so far, and read by
            // the tailer of the hit's own partition once this commits.
            await PostgresHitLog.CopyAsync(connection, transaction!, consumption.Resolved, cancellationToken);
        }
        if (consumption.Recipients.Count > 0)
        {
            await Recipients.PostgresRecipientStore.ApplyAsync(connection, transaction, consumption.Recipients, cancellationToken);
        }

        var counted = consumption.Counted;
        var kinds = new short[counted.Count];
        var entities = new long[counted.Count];
        var totals = new long[counted.Count];
        var bots = new long[counted.Count];
        for (var i = 0; i < counted.Count; i++)
        {
            kinds[i] = (short)counted[i].Kind;
            entities[i] = counted[i].EntityId;
            totals[i] = counted[i].Added.Total;
            bots[i] = counted[i].Added.Bots;
        }
        await using var command = new NpgsqlCommand(CountCommand, connection, transaction);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<short[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { TypedValue = kinds });
        parameters.Add(new NpgsqlParameter<long[]>("entities", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = entities });
        parameters.Add(new NpgsqlParameter<long[]>("totals", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = totals });
        parameters.Add(new NpgsqlParameter<long[]>("bots", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = bots });
        parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition });
        parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = consumption.Next.Xid });
        parameters.Add(new NpgsqlParameter<long>("seq", NpgsqlDbType.Bigint) { TypedValue = consumption.Next.Seq });
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
    }

    public async Task<HitCounts> CountAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(CountsCommand, kind, entityId);
        return await ReadCountsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Hit>> PageAsync(HitKind kind, long entityId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        // As Skip/Take: a negative offset starts at the newest, a non-positive limit gives nothing.
        if (limit <= 0) return [];

        await using var command = Command(PageCommand, kind, entityId);
        command.Parameters.Add(new NpgsqlParameter<long>("offset", NpgsqlDbType.Bigint) { TypedValue = Math.Max(0, offset) });
        command.Parameters.Add(new NpgsqlParameter<long>("limit", NpgsqlDbType.Bigint) { TypedValue = limit });
        var page = new List<Hit>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(HitRows.Read(reader, 0));
        }
        return page;
    }

    public async Task<IReadOnlyCollection<string>> IpHashesAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(IpHashesCommand, kind, entityId);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) hashes.Add(reader.GetString(0));
        return hashes;
    }

    public async Task DeleteAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(DeleteCommand, kind, entityId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RecipientOpen>> RecipientOpensAsync(long recipientId, int limit, CancellationToken cancellationToken = default)
    {
        // Decided rows only; each row against its own partition's position.
        await using var command = dataSource.CreateCommand(
            """
            SELECT h.date, h.user_agent, h.bot FROM mt_hits h
            WHERE h.recipient_id = @recipient AND h.kind = 0
              AND (h.xid, h.seq) <= (SELECT p.xid, p.seq FROM mt_log_positions p WHERE p.partition = h.partition)
            ORDER BY h.xid, h.seq
            LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("recipient", recipientId));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var opens = new List<RecipientOpen>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            opens.Add(new RecipientOpen(reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0), HitRows.Text(reader, 1), reader.GetBoolean(2)));
        }
        return opens;
    }

    public async Task<CommitCursor> EventsEndAsync(CancellationToken cancellationToken = default)
    {
        // Just below the next transaction id: every hit of a transaction that has begun is past (a hit still
        // being committed this moment counts as before "now"), and whatever other transactions are open.
        await using var command = dataSource.CreateCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
        return new CommitCursor((long)(await command.ExecuteScalarAsync(cancellationToken))! - 1, long.MaxValue);
    }

    public async Task<EventPage> EventsAsync(long accountId, HitKind kind, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(EventsCommand);
        command.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
        command.Parameters.Add(new NpgsqlParameter<short>("kind", (short)kind));
        command.Parameters.Add(new NpgsqlParameter<long>("tracking", trackingId ?? 0));
        command.Parameters.Add(new NpgsqlParameter<long>("xid", after.Xid));
        command.Parameters.Add(new NpgsqlParameter<long>("seq", after.Seq));
        command.Parameters.Add(new NpgsqlParameter<long>("partitions", HitPartitions.Count));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit + 1));
        var events = new List<HitEvent>();
        var next = after;
        var hasMore = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (events.Count == limit)
            {
                hasMore = true;
                break;
            }
            next = new CommitCursor(reader.GetInt64(0), reader.GetInt64(1));
            events.Add(new HitEvent(reader.GetGuid(2), kind, reader.GetInt64(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), HitRows.Text(reader, 6), reader.GetBoolean(7), HitRows.Text(reader, 8)));
        }
        return new EventPage(events, next, hasMore);
    }

    private NpgsqlCommand Command(string sql, HitKind kind, long entityId)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<short>("kind", NpgsqlDbType.Smallint) { TypedValue = (short)kind });
        command.Parameters.Add(new NpgsqlParameter<long>("entity", NpgsqlDbType.Bigint) { TypedValue = entityId });
        command.Parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)HitPartitions.Of(entityId) });
        return command;
    }

    private static async Task<HitCounts> ReadCountsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new HitCounts(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }
}
