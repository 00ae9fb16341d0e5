using System.Text;
using System.Text.Json;
using MailTracker.Messages;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Messages;

/// <summary>Messages in <c>mt_emails</c> and their outbox in <c>mt_email_outbox</c> (migration 0017).</summary>
public sealed class PostgresEmailStore(NpgsqlDataSource dataSource) : IEmailStore
{
    public async Task AddAsync(EmailInfo email, DateTimeOffset? outboxDue, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO mt_emails (id, account_id, created_at, status, from_address, to_addresses, tags, document, test, tracking_id, sent, delivered, bounced)
            VALUES (@id, @account, @created, @status, @from, @to, @tags, @document, @test, @tracking, @sent, @delivered, @bounced)
            ON CONFLICT (id) DO NOTHING
            """, connection, transaction))
        {
            AddRow(insert, email);
            insert.Parameters.Add(new NpgsqlParameter<long>("account", email.AccountId));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("created", email.Created.ToUniversalTime()));
            insert.Parameters.Add(new NpgsqlParameter<string>("from", email.Draft.From));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("to", [.. email.Draft.To]));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("tags", [.. email.Draft.Tags]));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        if (outboxDue is { } due)
        {
            await using var outbox = new NpgsqlCommand(
                """
                INSERT INTO mt_email_outbox (email_id, recipient_token, due)
                SELECT @id, token, @due FROM unnest(@tokens) AS token
                ON CONFLICT DO NOTHING
                """, connection, transaction);
            outbox.Parameters.Add(new NpgsqlParameter<long>("id", email.Id));
            outbox.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("due", due.ToUniversalTime()));
            outbox.Parameters.Add(new NpgsqlParameter<string[]>("tokens", [.. email.Recipients.Select(r => r.Token)]));
            await outbox.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<EmailInfo?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT document::text FROM mt_emails WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<long>("id", id));
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<EmailInfo>(json) : null;
    }

    public async Task SaveAsync(EmailInfo email, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE mt_emails SET status = @status, document = @document, test = @test, tracking_id = @tracking, sent = @sent, delivered = @delivered, bounced = @bounced WHERE id = @id");
        AddRow(command, email);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CancelAsync(EmailInfo email, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("UPDATE mt_emails SET status = @status, document = @document WHERE id = @id", connection, transaction))
        {
            AddRow(update, email);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM mt_email_outbox WHERE email_id = @id", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<long>("id", email.Id));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<EmailPage> ListAsync(long accountId, EmailQuery query, CancellationToken cancellationToken = default)
    {
        var where = new StringBuilder("account_id = @account");
        await using var command = dataSource.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
        if (query.Status is { } status)
        {
            where.Append(" AND status = @status");
            command.Parameters.Add(new NpgsqlParameter<string>("status", status.ToString()));
        }
        if (query.FromDate is { } fromDate)
        {
            where.Append(" AND created_at >= @fromDate");
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("fromDate", fromDate.ToUniversalTime()));
        }
        if (query.ToDate is { } toDate)
        {
            where.Append(" AND created_at <= @toDate");
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("toDate", toDate.ToUniversalTime()));
        }
        if (query.To is { } to)
        {
            where.Append(" AND lower(@to) = ANY (SELECT lower(t) FROM unnest(to_addresses) AS t)");
            command.Parameters.Add(new NpgsqlParameter<string>("to", to));
        }
        if (query.From is { } from)
        {
            where.Append(" AND lower(from_address) = lower(@from)");
            command.Parameters.Add(new NpgsqlParameter<string>("from", from));
        }
        if (query.Tags.Count > 0)
        {
            where.Append(" AND tags @> @tags");
            command.Parameters.Add(new NpgsqlParameter<string[]>("tags", [.. query.Tags]));
        }
        command.CommandText =
            $"""
            SELECT document::text, count(*) OVER () FROM mt_emails WHERE {where}
            ORDER BY created_at DESC, id DESC OFFSET @offset LIMIT @limit
            """;
        command.Parameters.Add(new NpgsqlParameter<int>("offset", query.Offset));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit));
        var emails = new List<EmailInfo>();
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                emails.Add(JsonSerializer.Deserialize<EmailInfo>(reader.GetString(0))!);
                total = reader.GetInt64(1);
            }
        }
        // A page past the end has no row to carry the total.
        if (emails.Count == 0 && query.Offset > 0) total = await CountAsync(command, where.ToString(), cancellationToken);
        return new EmailPage(emails, total);
    }

    public async Task<IReadOnlyList<EmailSendSlot>> SendsAsync(long accountId, long? trackingId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        // Quarter hours (UTC): the caller folds them into local days, weeks or months, as the other analytics do.
        await using var command = dataSource.CreateCommand(
            """
            SELECT to_timestamp(floor(extract(epoch FROM e.created_at) / 900) * 900) AS slot,
                   sum(e.sent), sum(e.delivered), sum(e.bounced), sum(r.opened)::bigint, sum(r.clicked)::bigint
            FROM mt_emails e
            CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE first_open IS NOT NULL) AS opened, count(*) FILTER (WHERE first_click IS NOT NULL) AS clicked
                                FROM mt_recipients WHERE tracking_id = e.tracking_id AND deleted IS NULL) r
            WHERE e.account_id = @account AND NOT e.test AND e.created_at >= @from AND e.created_at < @to AND (@tracking = 0 OR e.tracking_id = @tracking)
            GROUP BY slot ORDER BY slot
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
        command.Parameters.Add(new NpgsqlParameter<long>("tracking", trackingId ?? 0));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", from.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", to.ToUniversalTime()));
        var slots = new List<EmailSendSlot>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            slots.Add(new EmailSendSlot(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        }
        return slots;
    }

    private async Task<long> CountAsync(NpgsqlCommand filtered, string where, CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM mt_emails WHERE {where}");
        foreach (NpgsqlParameter p in filtered.Parameters) count.Parameters.Add(p.Clone());
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<OutboxEntry>> LeaseAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE mt_email_outbox o SET due = @until, attempts = o.attempts + 1
            FROM (SELECT email_id, recipient_token FROM mt_email_outbox WHERE due <= @now
                  ORDER BY due LIMIT @limit FOR UPDATE SKIP LOCKED) d
            WHERE o.email_id = d.email_id AND o.recipient_token = d.recipient_token
            RETURNING o.email_id, o.recipient_token, o.attempts - 1
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("until", leaseUntil.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var entries = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2)));
        return entries;
    }

    public async Task CompleteAsync(long emailId, string recipientToken, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM mt_email_outbox WHERE email_id = @id AND recipient_token = @token");
        AddEntry(command, emailId, recipientToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CompleteAllAsync(IReadOnlyCollection<OutboxEntry> entries, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM mt_email_outbox o USING unnest(@ids, @tokens) AS d(email_id, recipient_token)
            WHERE o.email_id = d.email_id AND o.recipient_token = d.recipient_token
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. entries.Select(e => e.EmailId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("tokens", [.. entries.Select(e => e.RecipientToken)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RetryAsync(long emailId, string recipientToken, DateTimeOffset due, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE mt_email_outbox SET due = @due WHERE email_id = @id AND recipient_token = @token");
        AddEntry(command, emailId, recipientToken);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("due", due.ToUniversalTime()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddRow(NpgsqlCommand command, EmailInfo email)
    {
        command.Parameters.Add(new NpgsqlParameter<long>("id", email.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("status", email.Status.ToString()));
        command.Parameters.Add(new NpgsqlParameter<string>("document", NpgsqlDbType.Jsonb) { TypedValue = JsonSerializer.Serialize(email) });
        var (sent, delivered, bounced) = EmailSends.Of(email);
        command.Parameters.Add(new NpgsqlParameter<bool>("test", email.Draft.Test));
        command.Parameters.Add(new NpgsqlParameter<long>("tracking", email.TrackingId));
        command.Parameters.Add(new NpgsqlParameter<int>("sent", sent));
        command.Parameters.Add(new NpgsqlParameter<int>("delivered", delivered));
        command.Parameters.Add(new NpgsqlParameter<int>("bounced", bounced));
    }

    private static void AddEntry(NpgsqlCommand command, long emailId, string recipientToken)
    {
        command.Parameters.Add(new NpgsqlParameter<long>("id", emailId));
        command.Parameters.Add(new NpgsqlParameter<string>("token", recipientToken));
    }
}
