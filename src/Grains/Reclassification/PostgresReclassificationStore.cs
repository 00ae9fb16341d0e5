using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Reclassification;

/// <summary>
/// Reclassification in PostgreSQL. A batch is one transaction that locks, in this order, the recipients (by id), the hit rows and
/// the count rows (by kind and id) — the partition tailers' order too (recipients before counts), so the two never deadlock; the
/// counts move by commutative differences, and a recipient's first times are read from its rows only once it is locked, so a
/// tailer's commit of new hits is either seen whole or waits and adds on top.
/// </summary>
public sealed class PostgresReclassificationStore(NpgsqlDataSource dataSource) : IReclassificationStore
{
    private const string Decided = "(h.xid, h.seq) <= (SELECT p.xid, p.seq FROM mt_log_positions p WHERE p.partition = h.partition)";

    // Through the feeds' index (account, kind, commit order).
    private const string ReadCommand =
        $"""
        SELECT h.kind, h.xid, h.seq, h.entity_id, h.recipient_id, r.created, h.date, h.ip_address, h.user_agent, h.bot, h.bot_reason, h.proxy, h.rules_version
        FROM {HitTable.Name} h LEFT JOIN mt_recipients r ON r.id = h.recipient_id
        WHERE h.account_id = @account AND h.tracking_id = @tracking AND h.entity_id <> 0
          AND (h.kind, h.xid, h.seq) > (@kind, @xid, @seq)
          AND h.rules_version IS DISTINCT FROM @version
          AND {Decided}
        ORDER BY h.kind, h.xid, h.seq
        LIMIT @limit
        """;

    private const string LockRecipientsCommand = "SELECT id FROM mt_recipients WHERE id = ANY(@ids) ORDER BY id FOR UPDATE";

    private const string LockHitsCommand =
        $"""
        SELECT h.kind, h.xid, h.seq, h.bot, h.bot_reason, h.proxy
        FROM {HitTable.Name} h JOIN unnest(@kinds, @entities, @partitions, @xids, @seqs) AS u (kind, entity_id, partition, xid, seq)
            ON h.partition = u.partition AND h.xid = u.xid AND h.seq = u.seq AND h.kind = u.kind AND h.entity_id = u.entity_id
        WHERE h.rules_version IS DISTINCT FROM @version
        FOR UPDATE OF h
        """;

    private const string UpdateHitsCommand =
        $"""
        UPDATE {HitTable.Name} h SET bot = u.bot, bot_reason = u.reason, proxy = u.proxy, rules_version = @version
        FROM unnest(@kinds, @entities, @partitions, @xids, @seqs, @bots, @reasons, @proxies) AS u (kind, entity_id, partition, xid, seq, bot, reason, proxy)
        WHERE h.partition = u.partition AND h.xid = u.xid AND h.seq = u.seq AND h.kind = u.kind AND h.entity_id = u.entity_id
        """;

    private const string CountsCommand =
        """
        UPDATE mt_hit_counts c SET bots = c.bots + u.delta
        FROM unnest(@kinds, @entities, @deltas) AS u (kind, entity_id, delta)
        WHERE c.kind = u.kind AND c.entity_id = u.entity_id
        """;

    // opens and clicks count people, bot_opens and bot_clicks the rest (as the consumption commit adds them).
    private const string RecipientsCommand =
        $"""
        UPDATE mt_recipients r SET
            opens = r.opens - u.opens, bot_opens = r.bot_opens + u.opens,
            clicks = r.clicks - u.clicks, bot_clicks = r.bot_clicks + u.clicks,
            first_open = f.first_open, first_bot_open = f.first_bot_open, first_click = f.first_click, first_bot_click = f.first_bot_click,
            {PostgresRecipientStore.Touch}
        FROM unnest(@ids, @opens, @clicks) AS u (id, opens, clicks)
        CROSS JOIN LATERAL (
            SELECT min(h.date) FILTER (WHERE h.kind = 0 AND NOT h.bot) AS first_open,
                   min(h.date) FILTER (WHERE h.kind = 0 AND h.bot) AS first_bot_open,
                   min(h.date) FILTER (WHERE h.kind = 1 AND NOT h.bot) AS first_click,
                   min(h.date) FILTER (WHERE h.kind = 1 AND h.bot) AS first_bot_click
            FROM {HitTable.Name} h
            WHERE h.recipient_id = u.id AND {Decided}
        ) f
        WHERE r.id = u.id
        """;

    public async Task<IReadOnlyList<StoredHit>> ReadAsync(long accountId, long trackingId, StoredHitCursor after, string rulesVersion, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ReadCommand);
        command.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
        command.Parameters.Add(new NpgsqlParameter<long>("tracking", trackingId));
        command.Parameters.Add(new NpgsqlParameter<short>("kind", (short)after.Kind));
        command.Parameters.Add(new NpgsqlParameter<long>("xid", after.Xid));
        command.Parameters.Add(new NpgsqlParameter<long>("seq", after.Seq));
        command.Parameters.Add(new NpgsqlParameter<string>("version", rulesVersion));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var hits = new List<StoredHit>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new StoredHit(
                Place(reader),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                HitTable.Text(reader, 7),
                HitTable.Text(reader, 8),
                Verdict(reader, 9)));
        }
        return hits;
    }

    public async Task<ReclassifiedBatch> ApplyAsync(IReadOnlyList<HitReverdict> verdicts, string rulesVersion, CancellationToken cancellationToken = default)
    {
        if (verdicts.Count == 0) return default;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var recipientIds = verdicts.Select(v => v.Hit.RecipientId).OfType<long>().Distinct().Order().ToArray();
        if (recipientIds.Length > 0)
        {
            await using var lockRecipients = new NpgsqlCommand(LockRecipientsCommand, connection, transaction);
            lockRecipients.Parameters.Add(new NpgsqlParameter<long[]>("ids", recipientIds));
            await lockRecipients.ExecuteNonQueryAsync(cancellationToken);
        }

        // The verdicts as the rows hold them now, locked: a row judged meanwhile under these rules (or deleted) is left alone.
        var before = new Dictionary<StoredHitCursor, BotVerdict>();
        await using (var lockHits = new NpgsqlCommand(LockHitsCommand, connection, transaction))
        {
            AddPlaces(lockHits, verdicts);
            lockHits.Parameters.Add(new NpgsqlParameter<string>("version", rulesVersion));
            await using var reader = await lockHits.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) before[Place(reader)] = Verdict(reader, 3);
        }

        var applied = verdicts.Where(v => before.ContainsKey(v.Hit.Place)).ToList();
        var changes = new VerdictChanges();
        foreach (var (hit, verdict) in applied) changes.Add(hit.Place.Kind, hit.EntityId, hit.RecipientId, before[hit.Place], verdict);
        if (applied.Count > 0) await UpdateHitsAsync(connection, transaction, applied, rulesVersion, cancellationToken);
        if (changes.Bots.Count > 0) await MoveCountsAsync(connection, transaction, changes, cancellationToken);
        if (changes.Recipients.Count > 0) await RecomputeRecipientsAsync(connection, transaction, changes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changes.Batch;
    }

    private static async Task UpdateHitsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<HitReverdict> applied, string rulesVersion, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UpdateHitsCommand, connection, transaction);
        AddPlaces(command, applied);
        command.Parameters.Add(new NpgsqlParameter<bool[]>("bots", [.. applied.Select(v => v.Verdict.Bot)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. applied.Select(v => v.Verdict.Reason)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("proxies", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. applied.Select(v => v.Verdict.Proxy)] });
        command.Parameters.Add(new NpgsqlParameter<string>("version", rulesVersion));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task MoveCountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, VerdictChanges changes, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CountsCommand, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<short[]>("kinds", [.. changes.Bots.Keys.Select(k => (short)k.Kind)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("entities", [.. changes.Bots.Keys.Select(k => k.EntityId)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("deltas", [.. changes.Bots.Values]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RecomputeRecipientsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, VerdictChanges changes, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RecipientsCommand, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. changes.Recipients.Keys]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("opens", [.. changes.Recipients.Values.Select(v => v.Opens)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("clicks", [.. changes.Recipients.Values.Select(v => v.Clicks)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddPlaces(NpgsqlCommand command, IReadOnlyList<HitReverdict> verdicts)
    {
        command.Parameters.Add(new NpgsqlParameter<short[]>("kinds", [.. verdicts.Select(v => (short)v.Hit.Place.Kind)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("entities", [.. verdicts.Select(v => v.Hit.EntityId)]));
        // A row by its place in the tail index (partition, xid, seq): the hits table has no index by entity (0019).
        command.Parameters.Add(new NpgsqlParameter<short[]>("partitions", [.. verdicts.Select(v => (short)HitPartitions.Of(v.Hit.EntityId))]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("xids", [.. verdicts.Select(v => v.Hit.Place.Xid)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", [.. verdicts.Select(v => v.Hit.Place.Seq)]));
    }

    private static StoredHitCursor Place(NpgsqlDataReader reader) => new((HitKind)reader.GetInt16(0), reader.GetInt64(1), reader.GetInt64(2));

    private static BotVerdict Verdict(NpgsqlDataReader reader, int first) =>
        new(reader.GetBoolean(first), HitTable.Text(reader, first + 1), HitTable.Text(reader, first + 2),
            reader.FieldCount > first + 3 ? HitTable.Text(reader, first + 3) : null);
}
