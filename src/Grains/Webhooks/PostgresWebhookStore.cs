using MailTracker.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Webhooks;

/// <summary>
/// Webhooks' tables in PostgreSQL. An event's creation (and so its first due time) is the silo's clock, the same
/// one its grain asks <see cref="DueAsync"/> with, not the database's: a skew between them cannot hold an event back.
/// </summary>
public sealed class PostgresWebhookStore(NpgsqlDataSource dataSource, TimeProvider time) : IWebhookStore
{
    public async Task<CommitCursor?> GetCursorAsync(long webhookId, WebhookFeed feed, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT xid, seq FROM mt_webhook_cursors WHERE webhook_id = @webhook AND kind = @kind");
        command.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
        command.Parameters.Add(new NpgsqlParameter<short>("kind", (short)feed));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new CommitCursor(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    public async Task EnqueueAsync(long webhookId, IReadOnlyList<WebhookEvent> events, (WebhookFeed Feed, CommitCursor Cursor)? moveTo, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        if (events.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO mt_webhook_outbox (webhook_id, event_id, event, occurred, data, created, next_attempt)
                SELECT @webhook, *, @now, @now FROM unnest(@ids, @events, @occurred, @data)
                ON CONFLICT (webhook_id, event_id) DO NOTHING
                """);
            insert.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", time.GetUtcNow()));
            insert.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. events.Select(e => e.Id)]));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("events", [.. events.Select(e => e.Event)]));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("occurred", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
            {
                TypedValue = [.. events.Select(e => e.Timestamp.ToUniversalTime())],
            });
            insert.Parameters.Add(new NpgsqlParameter<string[]>("data", [.. events.Select(e => e.DataJson)]));
            batch.BatchCommands.Add(insert);
        }
        if (moveTo is { } move)
        {
            var cursor = new NpgsqlBatchCommand(
                """
                INSERT INTO mt_webhook_cursors (webhook_id, kind, xid, seq) VALUES (@webhook, @kind, @xid, @seq)
                ON CONFLICT (webhook_id, kind) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq
                """);
            cursor.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
            cursor.Parameters.Add(new NpgsqlParameter<short>("kind", (short)move.Feed));
            cursor.Parameters.Add(new NpgsqlParameter<long>("xid", move.Cursor.Xid));
            cursor.Parameters.Add(new NpgsqlParameter<long>("seq", move.Cursor.Seq));
            batch.BatchCommands.Add(cursor);
        }
        // A batch runs as one implicit transaction: the events and the cursor move together.
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxItem>> DueAsync(long webhookId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT event_id, event, occurred, data, attempts, created FROM mt_webhook_outbox
            WHERE webhook_id = @webhook AND NOT done AND next_attempt <= @now
            ORDER BY next_attempt, created
            LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var due = new List<OutboxItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new OutboxItem(
                new WebhookEvent(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), null),
                reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return due;
    }

    public async Task RecordAsync(long webhookId, WebhookAttempt attempt, DateTimeOffset? next, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var log = new NpgsqlBatchCommand(
            """
            INSERT INTO mt_webhook_attempts (webhook_id, event_id, event, attempt, at, status_code, duration_ms, error, delivered)
            VALUES (@webhook, @event_id, @event, @attempt, @at, @status, @duration, @error, @delivered)
            """);
        log.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
        log.Parameters.Add(new NpgsqlParameter<Guid>("event_id", attempt.EventId));
        log.Parameters.Add(new NpgsqlParameter<string>("event", attempt.Event));
        log.Parameters.Add(new NpgsqlParameter<int>("attempt", attempt.Attempt));
        log.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", attempt.At.ToUniversalTime()));
        log.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Integer) { Value = (object?)attempt.StatusCode ?? DBNull.Value });
        log.Parameters.Add(new NpgsqlParameter<long>("duration", attempt.DurationMs));
        log.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)attempt.Error ?? DBNull.Value });
        log.Parameters.Add(new NpgsqlParameter<bool>("delivered", attempt.Delivered));
        batch.BatchCommands.Add(log);
        var update = new NpgsqlBatchCommand(
            """
            UPDATE mt_webhook_outbox SET attempts = @attempt, done = @done, next_attempt = coalesce(@next, next_attempt)
            WHERE webhook_id = @webhook AND event_id = @event_id
            """);
        update.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
        update.Parameters.Add(new NpgsqlParameter<Guid>("event_id", attempt.EventId));
        update.Parameters.Add(new NpgsqlParameter<int>("attempt", attempt.Attempt));
        update.Parameters.Add(new NpgsqlParameter<bool>("done", next is null));
        update.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.TimestampTz) { Value = (object?)next?.ToUniversalTime() ?? DBNull.Value });
        batch.BatchCommands.Add(update);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(long webhookId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT event_id, event, attempt, at, status_code, duration_ms, error, delivered FROM mt_webhook_attempts
            WHERE webhook_id = @webhook ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var attempts = new List<WebhookAttempt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(new WebhookAttempt(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7)));
        }
        return attempts;
    }

    public async Task DeleteAsync(long webhookId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM mt_webhook_outbox WHERE webhook_id = @webhook;
            DELETE FROM mt_webhook_cursors WHERE webhook_id = @webhook;
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> BacklogAsync(int limit, CancellationToken cancellationToken = default)
    {
        // Over the partial index of undelivered rows, and stopped at the limit: the cost stays bounded however large the backlog grows.
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM (SELECT 1 FROM mt_webhook_outbox WHERE NOT done LIMIT @limit) AS undelivered");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
