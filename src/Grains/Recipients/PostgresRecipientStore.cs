using System.Data;
using System.Runtime.CompilerServices;
using MailTracker.Grains.Analytics;
using MailTracker.Hits;
using MailTracker.Recipients;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Recipients;

/// <remarks>A recipient's creation time (its send time, which the bot verdict's timing rules measure from) is the silo's clock's, as the hits' times are.</remarks>
public sealed class PostgresRecipientStore(NpgsqlDataSource dataSource, TimeProvider time) : IRecipientStore
{
    private const string Columns =
        "id, token, tracking_id, account_id, email, name, subject, created, first_open, first_bot_open, first_click, first_bot_click, " +
        "unsubscribed, bounced, last_update, opens, bot_opens, clicks, bot_clicks";

    // A new update place: a later (xid, seq) than every change before it.
    internal const string Touch =
        "last_update = now(), update_xid = pg_current_xact_id()::text::bigint, update_seq = nextval('mt_recipient_updates')";

    // One statement inserts the new emails, restores deleted ones and counts the new ones as tracks of the analytics (a
    // restored one was counted when it was created); the second (same transaction) reads them all.
    private const string InsertCommand =
        $"""
        WITH added AS (
            INSERT INTO mt_recipients (id, token, tracking_id, account_id, email, name, subject, created)
            SELECT id, token, @tracking, @account, email, name, subject, @created FROM unnest(@ids, @tokens, @emails, @names, @subjects) AS r (id, token, email, name, subject)
            ON CONFLICT (tracking_id, email) DO UPDATE SET deleted = NULL, {Touch} WHERE mt_recipients.deleted IS NOT NULL
            RETURNING xmax = 0 AS inserted
        )
        INSERT INTO mt_analytics AS a (tracking_id, bucket, account_id, tracks)
        SELECT @tracking, @bucket, @account, count(*) FROM added WHERE inserted HAVING count(*) > 0
        ON CONFLICT (tracking_id, bucket) DO UPDATE SET tracks = a.tracks + EXCLUDED.tracks
        """;

    // The first unsubscribe or bounce of a recipient counts in the analytics: the column is now() (this transaction's start)
    // only when this statement set it.
    private static string RecordCommand(string column) =>
        $"""
        WITH changed AS (
            UPDATE mt_recipients SET {column} = coalesce({column}, now()), {Touch} WHERE token = @token AND deleted IS NULL
            RETURNING {Columns}, {column} = now() AS is_first
        ),
        rolled AS (
            INSERT INTO mt_analytics AS a (tracking_id, bucket, account_id, {column})
            SELECT tracking_id, date_bin('15 minutes', now(), timestamptz 'epoch'), account_id, 1 FROM changed WHERE is_first
            ON CONFLICT (tracking_id, bucket) DO UPDATE SET {column} = a.{column} + 1
        )
        SELECT {Columns} FROM changed
        """;

    private const string ReadCreatedCommand =
        "SELECT id, token, email, name, subject, created FROM mt_recipients WHERE tracking_id = @tracking AND email = ANY(@emails)";

    /// <summary>
    /// The one rule of every update-order list: the rows that match <paramref name="filter"/> and changed after the cursor,
    /// shown only below the snapshot's xmin, so a change whose transaction commits late (its update_xid smaller than one
    /// already shown) is never skipped, and one shown is never shown again.
    /// </summary>
    private static string UpdatePageCommand(string filter) =>
        $"""
        SELECT {Columns}, update_xid, update_seq FROM mt_recipients
        WHERE {filter}
          AND (update_xid, update_seq) > (@xid, @seq)
          AND update_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
        ORDER BY update_xid, update_seq
        LIMIT @limit
        """;

    private static readonly string ListCommand = UpdatePageCommand("tracking_id = @tracking AND deleted IS NULL");

    private static readonly string ListAllCommand = UpdatePageCommand("account_id = @account AND deleted IS NULL");

    private static readonly string UnsubscribedOrBouncedCommand =
        UpdatePageCommand("account_id = @account AND (unsubscribed IS NOT NULL OR bounced IS NOT NULL)");

    public async Task<IReadOnlyList<CreatedRecipient>> AddAsync(long trackingId, long accountId, IReadOnlyList<NewRecipient> recipients, CancellationToken cancellationToken = default)
    {
        var emails = recipients.Select(r => r.Spec.Email).ToArray();
        await using var batch = dataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand(InsertCommand);
        insert.Parameters.Add(new NpgsqlParameter<long>("tracking", trackingId));
        insert.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
        var now = time.GetUtcNow();
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("created", now));
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("bucket", AnalyticsBuckets.Quarter(now)));
        insert.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. recipients.Select(r => r.Id)]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("tokens", [.. recipients.Select(r => r.Token)]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("emails", emails));
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. recipients.Select(r => r.Spec.Name)] });
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("subjects", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. recipients.Select(r => r.Spec.Subject)] });
        batch.BatchCommands.Add(insert);
        var read = new NpgsqlBatchCommand(ReadCreatedCommand);
        read.Parameters.Add(new NpgsqlParameter<long>("tracking", trackingId));
        read.Parameters.Add(new NpgsqlParameter<string[]>("emails", emails));
        batch.BatchCommands.Add(read);

        var byEmail = new Dictionary<string, CreatedRecipient>(recipients.Count, StringComparer.Ordinal);
        // The reader starts at the first command that returns rows: the read.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var created = new CreatedRecipient(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), Text(reader, 4),
                reader.GetFieldValue<DateTimeOffset>(5));
            byEmail[created.Email] = created;
        }
        return [.. recipients.Select(r => byEmail[r.Spec.Email])];
    }

    public async Task<RecipientInfo?> GetAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM mt_recipients WHERE token = @token AND deleted IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string>("token", token));
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, RecipientFacts>> FactsAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT token, id, tracking_id, account_id, created FROM mt_recipients WHERE token = ANY(@tokens) AND deleted IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string[]>("tokens", [.. tokens]));
        var facts = new Dictionary<string, RecipientFacts>(tokens.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts[reader.GetString(0)] = new RecipientFacts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4));
        }
        return facts;
    }

    public async Task<string?> FindTokenAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT token FROM mt_recipients WHERE id = @id AND deleted IS NULL");
        command.Parameters.Add(new NpgsqlParameter<long>("id", id));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<RecipientInfo?> RecordAsync(string token, RecipientEvent what, CancellationToken cancellationToken = default)
    {
        var column = what == RecipientEvent.Unsubscribed ? "unsubscribed" : "bounced";
        await using var command = dataSource.CreateCommand(RecordCommand(column));
        command.Parameters.Add(new NpgsqlParameter<string>("token", token));
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"UPDATE mt_recipients SET deleted = now(), {Touch} WHERE token = @token AND deleted IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string>("token", token));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task DeleteTrackingAsync(long trackingId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"UPDATE mt_recipients SET deleted = now(), {Touch} WHERE tracking_id = @tracking AND deleted IS NULL");
        command.Parameters.Add(new NpgsqlParameter<long>("tracking", trackingId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<RecipientPage> ListAsync(long trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default) =>
        UpdatePageAsync(ListCommand, new NpgsqlParameter<long>("tracking", trackingId), after, limit, cancellationToken);

    public Task<RecipientPage> ListAllAsync(long accountId, CommitCursor after, int limit, CancellationToken cancellationToken = default) =>
        UpdatePageAsync(ListAllCommand, new NpgsqlParameter<long>("account", accountId), after, limit, cancellationToken);

    public Task<RecipientPage> UnsubscribedOrBouncedAsync(long accountId, CommitCursor after, int limit, CancellationToken cancellationToken = default) =>
        UpdatePageAsync(UnsubscribedOrBouncedCommand, new NpgsqlParameter<long>("account", accountId), after, limit, cancellationToken);

    /// <summary>Runs an <see cref="UpdatePageCommand"/> (asking for one row more, to tell whether there are more).</summary>
    private async Task<RecipientPage> UpdatePageAsync(string sql, NpgsqlParameter scope, CommitCursor after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(scope);
        command.Parameters.Add(new NpgsqlParameter<long>("xid", after.Xid));
        command.Parameters.Add(new NpgsqlParameter<long>("seq", after.Seq));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit + 1));
        return await ReadPageAsync(command, after, limit, cancellationToken);
    }

    /// <summary>Reads up to <paramref name="limit"/> recipients (the command asks for one more, to tell whether there are more).</summary>
    private static async Task<RecipientPage> ReadPageAsync(NpgsqlCommand command, CommitCursor after, int limit, CancellationToken cancellationToken)
    {
        var recipients = new List<RecipientInfo>();
        var next = after;
        var hasMore = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (recipients.Count == limit)
            {
                hasMore = true;
                break;
            }
            recipients.Add(Read(reader));
            next = new CommitCursor(reader.GetInt64(19), reader.GetInt64(20));
        }
        return new RecipientPage(recipients, next, hasMore);
    }

    public async Task<CommitCursor> UpdatesEndAsync(CancellationToken cancellationToken = default)
    {
        // Just below the next transaction id: a change of any transaction that has begun is past.
        await using var command = dataSource.CreateCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
        return new CommitCursor((long)(await command.ExecuteScalarAsync(cancellationToken))! - 1, long.MaxValue);
    }

    public async Task<RecipientPage> ListAccountAsync(long accountId, long? trackingId, TrackQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM mt_recipients
            WHERE account_id = @account AND deleted IS NULL AND (@tracking = 0 OR tracking_id = @tracking)
              AND (@opened::boolean IS NULL OR (opens > 0) = @opened) AND (@from::timestamptz IS NULL OR created >= @from)
              AND (@to::timestamptz IS NULL OR created < @to) AND id > @after
            ORDER BY id
            LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
        command.Parameters.Add(new NpgsqlParameter<long>("tracking", trackingId ?? 0));
        command.Parameters.Add(new NpgsqlParameter("opened", NpgsqlDbType.Boolean) { Value = (object?)query.Opened ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)query.From?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)query.To?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<long>("after", query.AfterId ?? 0));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        var recipients = new List<RecipientInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) recipients.Add(Read(reader));
        var hasMore = recipients.Count > query.Limit;
        return new RecipientPage([.. recipients.Take(query.Limit)], CommitCursor.Start, hasMore);
    }

    public async IAsyncEnumerable<RecipientCsvRow> ExportAsync(long trackingId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Streamed row by row from the server: memory stays flat however many recipients there are.
        await using var command = dataSource.CreateCommand(
            "SELECT email, token, created FROM mt_recipients WHERE tracking_id = @tracking AND deleted IS NULL ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter<long>("tracking", trackingId));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new RecipientCsvRow(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
        }
    }

    private static async Task<RecipientInfo?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static RecipientInfo Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), Text(reader, 5), Text(reader, 6),
        reader.GetFieldValue<DateTimeOffset>(7), Time(reader, 8), Time(reader, 9), Time(reader, 10), Time(reader, 11), Time(reader, 12), Time(reader, 13),
        reader.GetFieldValue<DateTimeOffset>(14),
        new HitCounts(reader.GetInt64(15) + reader.GetInt64(16), reader.GetInt64(16)),
        new HitCounts(reader.GetInt64(17) + reader.GetInt64(18), reader.GetInt64(18)));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
