using MailTracker.Grains.Analytics;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The PostgreSQL consumption commit: the one transaction that applies a partition tailer's batch, and the SQL of every table it
/// touches — <c>mt_hits</c> (discarded rows deleted, resolved rows logged again), <c>mt_recipients</c> (first open or click,
/// counts), <c>mt_unique_opens</c> (uniqueOpensOnly's claims of addresses), <c>mt_hit_pages</c> (the counted rows' places, per
/// pixel or link: <see cref="HitPages"/>), <c>mt_hit_counts</c> and <c>mt_log_positions</c>.
/// A row of <c>mt_hits</c> is data once its partition's position has passed it; the counts move with the position, so they
/// always equal the rows the data endpoints page through.
/// </summary>
public sealed class ConsumptionCommit(NpgsqlDataSource dataSource) : IConsumptionCommit
{
    // One statement: the counts and the position move together or not at all. Entities belong to one
    // partition each, so concurrent commits of different partitions never touch the same counts row.
    // The analytics rollups too (mt_analytics, mt_analytics_breakdowns): rows come in key order, so two partitions' commits
    // adding to one mail tracking's rows lock them in the same order.
    private const string CountCommand =
        """
        WITH counted AS (
            INSERT INTO mt_hit_counts AS c (kind, entity_id, total, bots)
            SELECT * FROM unnest(@kinds, @entities, @totals, @bots)
            ON CONFLICT (kind, entity_id) DO UPDATE SET total = c.total + EXCLUDED.total, bots = c.bots + EXCLUDED.bots
        ),
        rolled AS (
            INSERT INTO mt_analytics AS a (tracking_id, bucket, account_id, opens, bot_opens, proxy_opens, clicks, bot_clicks, unique_opens, unique_clicks,
                                           tracks, bounced, unsubscribed)
            SELECT * FROM unnest(@r_trackings, @r_buckets, @r_accounts, @r_opens, @r_bot_opens, @r_proxy_opens, @r_clicks, @r_bot_clicks,
                                 @r_unique_opens, @r_unique_clicks, @r_tracks, @r_bounced, @r_unsubscribed)
            ON CONFLICT (tracking_id, bucket) DO UPDATE SET opens = a.opens + EXCLUDED.opens, bot_opens = a.bot_opens + EXCLUDED.bot_opens,
                proxy_opens = a.proxy_opens + EXCLUDED.proxy_opens, clicks = a.clicks + EXCLUDED.clicks, bot_clicks = a.bot_clicks + EXCLUDED.bot_clicks,
                unique_opens = a.unique_opens + EXCLUDED.unique_opens, unique_clicks = a.unique_clicks + EXCLUDED.unique_clicks,
                tracks = a.tracks + EXCLUDED.tracks, bounced = a.bounced + EXCLUDED.bounced, unsubscribed = a.unsubscribed + EXCLUDED.unsubscribed
        ),
        broken_down AS (
            INSERT INTO mt_analytics_breakdowns AS b (tracking_id, span, bucket, key, account_id, opens)
            SELECT * FROM unnest(@b_trackings, @b_spans, @b_buckets, @b_keys, @b_accounts, @b_opens)
            ON CONFLICT (tracking_id, span, bucket, key) DO UPDATE SET opens = b.opens + EXCLUDED.opens
        )
        INSERT INTO mt_log_positions AS p (partition, xid, seq) VALUES (@partition, @xid, @seq)
        ON CONFLICT (partition) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq
            WHERE (p.xid, p.seq) < (EXCLUDED.xid, EXCLUDED.seq)
        """;

    // Hit ids are not a key (0009): the discarded rows are found in the range this batch read, through the
    // tailers' index: after the partition's position, up to the new one.
    private const string DiscardCommand =
        $"""
        DELETE FROM {HitTable.Name}
        WHERE partition = @partition AND hit_id = ANY(@ids)
          AND (xid, seq) > (COALESCE((SELECT p.xid FROM mt_log_positions p WHERE p.partition = @partition), 0),
                            COALESCE((SELECT p.seq FROM mt_log_positions p WHERE p.partition = @partition), 0))
          AND (xid, seq) <= (@xid, @seq)
        """;

    // Human and bot hits apart: opens and clicks count people, bot_opens and bot_clicks the rest. Each change takes a new
    // place in the recipients' update order (the recipient store's rule), so the recipients list shows it.
    private const string RecipientsCommand =
        $"""
        UPDATE mt_recipients r SET
            first_open = coalesce(r.first_open, u.first_open), first_bot_open = coalesce(r.first_bot_open, u.first_bot_open),
            first_click = coalesce(r.first_click, u.first_click), first_bot_click = coalesce(r.first_bot_click, u.first_bot_click),
            opens = r.opens + u.opens - u.bot_opens, bot_opens = r.bot_opens + u.bot_opens,
            clicks = r.clicks + u.clicks - u.bot_clicks, bot_clicks = r.bot_clicks + u.bot_clicks,
            {PostgresRecipientStore.Touch}
        FROM unnest(@ids, @first_open, @first_bot_open, @first_click, @first_bot_click, @opens, @bot_opens, @clicks, @bot_clicks)
            AS u (id, first_open, first_bot_open, first_click, first_bot_click, opens, bot_opens, clicks, bot_clicks)
        WHERE r.id = u.id
        """;

    // uniqueOpensOnly: the page's new claims. The no-op update returns the claim that holds an address taken meanwhile (after
    // waiting for its transaction), so a claim held by another hit is counted and fails the whole commit.
    private const string ClaimCommand =
        $"""
        WITH claims AS (SELECT * FROM unnest(@entities, @hashes, @ids) AS c (entity_id, ip_hash, hit_id)),
        held AS (
            INSERT INTO {PostgresUniqueOpenStore.Table} AS u (entity_id, ip_hash, hit_id) SELECT * FROM claims
            ON CONFLICT (entity_id, ip_hash) DO UPDATE SET hit_id = u.hit_id
            RETURNING u.entity_id, u.ip_hash, u.hit_id
        )
        SELECT count(*) FROM held JOIN claims c ON c.entity_id = held.entity_id AND c.ip_hash = held.ip_hash
        WHERE held.hit_id <> c.hit_id
        """;

    // Which recipients of the batch have no first (human) open or click yet: locked, in id order (the order the update below
    // takes them in), so that of two commits adding a recipient's first click only one counts a person.
    private const string FirstsCommand =
        """
        SELECT id, tracking_id, account_id, first_open IS NULL, first_click IS NULL FROM mt_recipients
        WHERE id = ANY(@ids) ORDER BY id FOR UPDATE
        """;

    private const string PositionCommand = "SELECT xid, seq FROM mt_log_positions WHERE partition = @partition";

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
        // The pages and the counts at least: BEGIN goes out with the first statement, so the transaction costs only the COMMIT.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (consumption.Claims.Count > 0) await ClaimAsync(connection, transaction, consumption.Claims, cancellationToken);
        if (consumption.Discarded.Count > 0) await DiscardAsync(connection, transaction, partition, consumption, cancellationToken);
        if (consumption.Resolved.Count > 0)
        {
            // Written in this transaction, so with its xid: after every position taken so far, and read by
            // the tailer of the hit's own partition once this commits.
            var xid = await HitTable.CurrentXidAsync(connection, transaction, cancellationToken);
            // A buffer of its own: tailers commit concurrently, and resolved hits are rare.
            var resolved = new HitCopyBuffer();
            foreach (var hit in consumption.Resolved) resolved.Add(hit);
            await HitTable.CopyAsync(connection, xid, resolved, cancellationToken);
        }
        if (consumption.Recipients.Count > 0)
        {
            await CountFirstsAsync(connection, transaction, consumption, cancellationToken);
            await ApplyRecipientsAsync(connection, transaction, consumption.Recipients, cancellationToken);
        }
        // After the discards and before the position moves: the pages list exactly the rows that count.
        await HitPages.WriteAsync(connection, transaction, partition, consumption.Next, consumption.Places, cancellationToken);
        await CountAndMoveAsync(connection, transaction, partition, consumption, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<AddressClaim> claims, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ClaimCommand, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("entities", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. claims.Select(c => c.Address.EntityId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. claims.Select(c => c.Address.IpHash)] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. claims.Select(c => c.HitId)] });
        var heldByOthers = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        // Only a second tailer of the partition could have claimed them: roll back, and the page is decided again.
        if (heldByOthers > 0) throw new InvalidOperationException($"{heldByOthers} address(es) this batch claims are held by other hits; it is decided again.");
    }

    private static async Task DiscardAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int partition, HitConsumption consumption, CancellationToken cancellationToken)
    {
        // Before the resolved rows are logged again: they keep the hit ids of the raw rows deleted here.
        await using var discard = new NpgsqlCommand(DiscardCommand, connection, transaction);
        discard.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. consumption.Discarded] });
        discard.Parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition });
        discard.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = consumption.Next.Xid });
        discard.Parameters.Add(new NpgsqlParameter<long>("seq", NpgsqlDbType.Bigint) { TypedValue = consumption.Next.Seq });
        await discard.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CountFirstsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, HitConsumption consumption, CancellationToken cancellationToken)
    {
        var activity = consumption.Recipients.ToDictionary(a => a.RecipientId);
        await using var command = new NpgsqlCommand(FirstsCommand, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. activity.Keys]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var added = activity[reader.GetInt64(0)];
            var (tracking, account) = (reader.GetInt64(1), reader.GetInt64(2));
            if (reader.GetBoolean(3) && added.FirstOpen is { } open) consumption.Rollup.AddFirst(tracking, account, open, HitKind.Open);
            if (reader.GetBoolean(4) && added.FirstClick is { } click) consumption.Rollup.AddFirst(tracking, account, click, HitKind.Click);
        }
    }

    private static async Task ApplyRecipientsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<RecipientActivity> activity, CancellationToken cancellationToken)
    {
        // In id order: concurrent commits of two partitions lock shared recipients in the same order (no deadlock).
        var sorted = activity.OrderBy(a => a.RecipientId).ToList();
        await using var command = new NpgsqlCommand(RecipientsCommand, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. sorted.Select(a => a.RecipientId)]));
        AddTimes(command, "first_open", sorted.Select(a => a.FirstOpen));
        AddTimes(command, "first_bot_open", sorted.Select(a => a.FirstBotOpen));
        AddTimes(command, "first_click", sorted.Select(a => a.FirstClick));
        AddTimes(command, "first_bot_click", sorted.Select(a => a.FirstBotClick));
        command.Parameters.Add(new NpgsqlParameter<long[]>("opens", [.. sorted.Select(a => a.Opens.Total)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("bot_opens", [.. sorted.Select(a => a.Opens.Bots)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("clicks", [.. sorted.Select(a => a.Clicks.Total)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("bot_clicks", [.. sorted.Select(a => a.Clicks.Bots)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddTimes(NpgsqlCommand command, string name, IEnumerable<DateTimeOffset?> times) =>
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            TypedValue = [.. times.Select(t => t?.ToUniversalTime())],
        });

    private static async Task CountAndMoveAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int partition, HitConsumption consumption, CancellationToken cancellationToken)
    {
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
        AnalyticsParameters.Add(parameters, consumption.Rollup);
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
