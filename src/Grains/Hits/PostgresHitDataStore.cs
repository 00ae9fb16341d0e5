using MailTracker.Hits;
using MailTracker.Recipients;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The decided hits in PostgreSQL as the API reads them: the rows of <c>mt_hits</c> that their partition's position has passed,
/// found per pixel or link through their pages (<see cref="HitPages"/>), and their counts (<c>mt_hit_counts</c>), all written by
/// the <see cref="ConsumptionCommit"/>; an entity's delete removes its
/// claims of addresses too (<c>mt_unique_opens</c>).
/// </summary>
public sealed class PostgresHitDataStore(NpgsqlDataSource dataSource) : IHitDataStore
{
    private const string CountsCommand =
        "SELECT total, bots FROM mt_hit_counts WHERE kind = @kind AND entity_id = @entity";

    // Each entity's newest offset+limit decided rows, merged: the unpaged ones (newest, after the partition's marker, from the
    // tail index; none unless a silo of the previous version consumed lately), then those of its newest pages, found by the
    // pages' sizes alone (the key's index) and unnested. The cost grows with the page asked for and the number of links (at
    // most 21 entities), never with the entity's hits; only the rows shown are read from mt_hits.
    private static readonly string PageCommand =
        $"""
        WITH places AS (
            SELECT q.partition, q.xid, q.seq
            FROM unnest(@kinds, @entities, @partitions) AS e (kind, entity_id, partition)
            CROSS JOIN LATERAL (
                SELECT n.* FROM (
                    ({HitPages.Unpaged("e.kind", "e.entity_id", "e.partition", "(SELECT p.xid, p.seq FROM mt_log_positions p WHERE p.partition = e.partition)")}
                     ORDER BY x.xid DESC, x.seq DESC LIMIT @reach)
                    UNION ALL
                    (SELECT pg.partition, u.xid, u.seq
                     FROM (SELECT w.upto_xid, w.upto_seq FROM (
                             SELECT c.upto_xid, c.upto_seq, c.hits, sum(c.hits) OVER (ORDER BY c.upto_xid DESC, c.upto_seq DESC) AS through
                             FROM {HitPages.Table} c WHERE c.kind = e.kind AND c.entity_id = e.entity_id
                             ORDER BY c.upto_xid DESC, c.upto_seq DESC LIMIT @reach) w
                           WHERE w.through - w.hits < @reach) newest
                     CROSS JOIN LATERAL (SELECT pg.partition, pg.xids, pg.seqs FROM {HitPages.Table} pg WHERE pg.kind = e.kind AND pg.entity_id = e.entity_id
                         AND pg.upto_xid = newest.upto_xid AND pg.upto_seq = newest.upto_seq
                         OFFSET 0) pg
                     CROSS JOIN LATERAL unnest(pg.xids, pg.seqs) AS u (xid, seq)
                     ORDER BY u.xid DESC, u.seq DESC LIMIT @reach)) n
                ORDER BY n.xid DESC, n.seq DESC LIMIT @reach) q
            ORDER BY q.xid DESC, q.seq DESC
            OFFSET @offset LIMIT @limit)
        SELECT {HitTable.SelectList("h")}
        FROM places JOIN {HitTable.Name} h ON h.partition = places.partition AND h.xid = places.xid AND h.seq = places.seq
        ORDER BY places.xid DESC, places.seq DESC
        """;

    // Decided rows only; each row against its own partition's position.
    private static readonly string RecipientOpensCommand =
        $"""
        SELECT {HitTable.SelectList("h")} FROM {HitTable.Name} h
        WHERE h.recipient_id = @recipient AND h.kind = 0
          AND (h.xid, h.seq) <= (SELECT p.xid, p.seq FROM mt_log_positions p WHERE p.partition = h.partition)
        ORDER BY h.xid, h.seq
        LIMIT @limit
        """;

    // Below the lowest partition position (and only once every partition has one): an event shown can never
    // be followed by one that sorts before it.
    private static readonly string EventsCommand =
        $"""
        SELECT h.xid, h.seq, r.token, {HitTable.SelectList("h")}
        FROM {HitTable.Name} h LEFT JOIN mt_recipients r ON r.id = h.recipient_id
        WHERE h.account_id = @account AND h.kind = @kind AND (@tracking = 0 OR h.tracking_id = @tracking)
          AND (h.xid, h.seq) > (@xid, @seq)
          AND (SELECT count(*) FROM mt_log_positions) = @partitions
          AND (h.xid, h.seq) <= (SELECT p.xid, p.seq FROM mt_log_positions p ORDER BY p.xid, p.seq LIMIT 1)
        ORDER BY h.xid, h.seq
        LIMIT @limit
        """;

    // Both kinds through the feed index (account, kind, xid, seq): each kind's first rows after the cursor, merged.
    private static readonly string AllEventsCommand =
        $"""
        WITH bound AS (
          SELECT p.xid, p.seq FROM mt_log_positions p
          WHERE (SELECT count(*) FROM mt_log_positions) = @partitions
          ORDER BY p.xid, p.seq LIMIT 1)
        SELECT e.* FROM (
          (SELECT h.xid, h.seq, r.token, {HitTable.SelectList("h")}
           FROM {HitTable.Name} h LEFT JOIN mt_recipients r ON r.id = h.recipient_id, bound b
           WHERE h.account_id = @account AND h.kind = 0 AND (@tracking = 0 OR h.tracking_id = @tracking)
             AND (h.xid, h.seq) > (@xid, @seq) AND (h.xid, h.seq) <= (b.xid, b.seq)
           ORDER BY h.xid, h.seq LIMIT @limit)
          UNION ALL
          (SELECT h.xid, h.seq, r.token, {HitTable.SelectList("h")}
           FROM {HitTable.Name} h LEFT JOIN mt_recipients r ON r.id = h.recipient_id, bound b
           WHERE h.account_id = @account AND h.kind = 1 AND (@tracking = 0 OR h.tracking_id = @tracking)
             AND (h.xid, h.seq) > (@xid, @seq) AND (h.xid, h.seq) <= (b.xid, b.seq)
           ORDER BY h.xid, h.seq LIMIT @limit)) e
        ORDER BY e.xid, e.seq
        LIMIT @limit
        """;

    // Through the pages (the decided rows) and the tail index (the rows after the marker: unpaged or not decided yet).
    private static readonly string DeleteCommand =
        $"""
        DELETE FROM {HitTable.Name} h USING ({HitPages.Decided}) d WHERE h.partition = d.partition AND h.xid = d.xid AND h.seq = d.seq;
        DELETE FROM {HitTable.Name} x WHERE x.partition = @partition AND x.kind = @kind AND x.entity_id = @entity
            AND (x.xid, x.seq) > (SELECT COALESCE(max(m.xid), 0), COALESCE(max(m.seq), 0) FROM {HitPages.Marker} m WHERE m.partition = @partition);
        DELETE FROM {HitPages.Table} WHERE kind = @kind AND entity_id = @entity;
        DELETE FROM mt_hit_counts WHERE kind = @kind AND entity_id = @entity;
        DELETE FROM {PostgresUniqueOpenStore.Table} WHERE entity_id = @entity;
        """;

    public async Task<HitCounts> CountAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(CountsCommand, kind, entityId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new HitCounts(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }

    public Task<IReadOnlyList<Hit>> PageAsync(HitKind kind, long entityId, int offset, int limit, CancellationToken cancellationToken = default) =>
        ReadPageAsync([(kind, entityId)], offset, limit, cancellationToken);

    public Task<IReadOnlyList<Hit>> TrackingPageAsync(long? pixelId, IReadOnlyList<long> linkIds, int offset, int limit, CancellationToken cancellationToken = default) =>
        ReadPageAsync([.. linkIds.Select(id => (HitKind.Click, id)), .. pixelId is { } pixel ? [(HitKind.Open, pixel)] : Array.Empty<(HitKind, long)>()],
            offset, limit, cancellationToken);

    private async Task<IReadOnlyList<Hit>> ReadPageAsync(IReadOnlyList<(HitKind Kind, long Id)> entities, int offset, int limit, CancellationToken cancellationToken)
    {
        // As Skip/Take: a negative offset starts at the newest, a non-positive limit gives nothing.
        if (limit <= 0 || entities.Count == 0) return [];
        offset = Math.Max(0, offset);
        await using var command = dataSource.CreateCommand(PageCommand);
        command.Parameters.Add(new NpgsqlParameter<short[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { TypedValue = [.. entities.Select(e => (short)e.Kind)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("entities", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. entities.Select(e => e.Id)] });
        command.Parameters.Add(new NpgsqlParameter<short[]>("partitions", NpgsqlDbType.Array | NpgsqlDbType.Smallint)
        {
            TypedValue = [.. entities.Select(e => (short)HitPartitions.Of(e.Id))],
        });
        command.Parameters.Add(new NpgsqlParameter<long>("reach", NpgsqlDbType.Bigint) { TypedValue = (long)offset + limit });
        command.Parameters.Add(new NpgsqlParameter<long>("offset", NpgsqlDbType.Bigint) { TypedValue = offset });
        command.Parameters.Add(new NpgsqlParameter<long>("limit", NpgsqlDbType.Bigint) { TypedValue = limit });
        var page = new List<Hit>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) page.Add(HitTable.Read(reader, 0));
        return page;
    }

    public async Task DeleteAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(DeleteCommand, kind, entityId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RecipientOpen>> RecipientOpensAsync(long recipientId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(RecipientOpensCommand);
        command.Parameters.Add(new NpgsqlParameter<long>("recipient", recipientId));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var opens = new List<RecipientOpen>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var hit = HitTable.Read(reader, 0);
            opens.Add(new RecipientOpen(hit.Date, hit.UserAgent, hit.Bot, hit.IpAddress) { BotReason = hit.BotReason, Proxy = hit.Proxy });
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

    public Task<EventPage> EventsAsync(long accountId, HitKind kind, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default)
    {
        var command = dataSource.CreateCommand(EventsCommand);
        command.Parameters.Add(new NpgsqlParameter<short>("kind", (short)kind));
        return ReadEventsAsync(command, accountId, trackingId, after, limit, cancellationToken);
    }

    public Task<EventPage> AllEventsAsync(long accountId, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default) =>
        ReadEventsAsync(dataSource.CreateCommand(AllEventsCommand), accountId, trackingId, after, limit, cancellationToken);

    private static async Task<EventPage> ReadEventsAsync(NpgsqlCommand owned, long accountId, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken)
    {
        await using var command = owned;
        command.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
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
            var recipient = HitTable.Text(reader, 2);
            var hit = HitTable.Read(reader, 3);
            events.Add(HitEvent.Of(hit, recipient, next));
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
}
