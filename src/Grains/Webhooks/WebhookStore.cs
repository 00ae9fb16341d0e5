using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Webhooks;

/// <summary>The feeds a webhook follows, each from its own cursor (stored as <c>kind</c>).</summary>
public enum WebhookFeed : short
{
    Opens = HitKind.Open,
    Clicks = HitKind.Click,

    /// <summary>Recipients that unsubscribed or bounced, in update order.</summary>
    Recipients = 2,
}

/// <summary>An event waiting in a webhook's outbox, with how often it was tried.</summary>
public sealed record OutboxItem(WebhookEvent Event, int Attempts, DateTimeOffset Created);

/// <summary>Webhooks' feed cursors, outboxes and delivery attempts.</summary>
public interface IWebhookStore
{
    /// <summary>Where the webhook's reading of one feed stopped; null when it never started.</summary>
    Task<CommitCursor?> GetCursorAsync(long webhookId, WebhookFeed feed, CancellationToken cancellationToken = default);

    /// <summary>Adds events to the outbox (once per event id) and moves the cursor, if given, in one transaction.</summary>
    Task EnqueueAsync(long webhookId, IReadOnlyList<WebhookEvent> events, (WebhookFeed Feed, CommitCursor Cursor)? moveTo, CancellationToken cancellationToken = default);

    /// <summary>Outbox events due for an attempt, oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> DueAsync(long webhookId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Logs an attempt; <paramref name="next"/> schedules another, null ends the event (delivered or given up).</summary>
    Task RecordAsync(long webhookId, WebhookAttempt attempt, DateTimeOffset? next, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(long webhookId, int limit, CancellationToken cancellationToken = default);

    Task DeleteAsync(long webhookId, CancellationToken cancellationToken = default);
}

public sealed class PostgresWebhookStore(NpgsqlDataSource dataSource) : IWebhookStore
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
                INSERT INTO mt_webhook_outbox (webhook_id, event_id, event, occurred, data)
                SELECT @webhook, * FROM unnest(@ids, @events, @occurred, @data)
                ON CONFLICT (webhook_id, event_id) DO NOTHING
                """);
            insert.Parameters.Add(new NpgsqlParameter<long>("webhook", webhookId));
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
}

/// <summary>The embedded default's webhook outboxes.</summary>
public sealed class InMemoryWebhookStore(TimeProvider time) : IWebhookStore
{
    private readonly Dictionary<(long, WebhookFeed), CommitCursor> _cursors = [];
    private readonly Dictionary<long, List<Entry>> _outboxes = [];
    private readonly Dictionary<long, List<WebhookAttempt>> _attempts = [];
    private readonly Lock _gate = new();

    public Task<CommitCursor?> GetCursorAsync(long webhookId, WebhookFeed feed, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_cursors.TryGetValue((webhookId, feed), out var cursor) ? cursor : (CommitCursor?)null);
    }

    public Task EnqueueAsync(long webhookId, IReadOnlyList<WebhookEvent> events, (WebhookFeed Feed, CommitCursor Cursor)? moveTo, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var outbox = Outbox(webhookId);
            foreach (var e in events)
            {
                if (!outbox.Exists(x => x.Event.Id == e.Id)) outbox.Add(new Entry(e, time.GetUtcNow()));
            }
            if (moveTo is { } move) _cursors[(webhookId, move.Feed)] = move.Cursor;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxItem>> DueAsync(long webhookId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxItem> due = [.. Outbox(webhookId).Where(e => !e.Done && e.NextAttempt <= now).OrderBy(e => e.NextAttempt).Take(limit)
                .Select(e => new OutboxItem(e.Event, e.Attempts, e.Created))];
            return Task.FromResult(due);
        }
    }

    public Task RecordAsync(long webhookId, WebhookAttempt attempt, DateTimeOffset? next, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_attempts.TryGetValue(webhookId, out var attempts)) _attempts[webhookId] = attempts = [];
            attempts.Add(attempt);
            if (Outbox(webhookId).Find(e => e.Event.Id == attempt.EventId) is { } entry)
            {
                entry.Attempts = attempt.Attempt;
                entry.Done = next is null;
                if (next is { } at) entry.NextAttempt = at;
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(long webhookId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<WebhookAttempt> attempts = _attempts.TryGetValue(webhookId, out var list) ? [.. Enumerable.Reverse(list).Take(limit)] : [];
            return Task.FromResult(attempts);
        }
    }

    public Task DeleteAsync(long webhookId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _outboxes.Remove(webhookId);
            foreach (var feed in Enum.GetValues<WebhookFeed>()) _cursors.Remove((webhookId, feed));
        }
        return Task.CompletedTask;
    }

    private List<Entry> Outbox(long webhookId)
    {
        if (!_outboxes.TryGetValue(webhookId, out var outbox)) _outboxes[webhookId] = outbox = [];
        return outbox;
    }

    private sealed class Entry(WebhookEvent webhookEvent, DateTimeOffset created)
    {
        public WebhookEvent Event { get; } = webhookEvent;

        public DateTimeOffset Created { get; } = created;

        public DateTimeOffset NextAttempt { get; set; } = created;

        public int Attempts { get; set; }

        public bool Done { get; set; }
    }
}
