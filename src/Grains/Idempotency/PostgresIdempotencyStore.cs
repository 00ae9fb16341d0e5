using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Idempotency;

/// <summary>
/// Idempotency keys in <c>mt_idempotency_keys</c>, one row per account and key. The reservation is one INSERT, so of two
/// requests that race for a key one inserts and the other waits for that commit and finds the row; an expired row is taken
/// over by the same statement.
/// </summary>
public sealed class PostgresIdempotencyStore(NpgsqlDataSource dataSource) : IIdempotencyStore
{
    /// <summary>A row deleted or expired between a refused reservation and its read is a free key again: try that often.</summary>
    private const int Attempts = 3;

    /// <summary>Expired rows deleted per statement, so that a sweep never holds many row locks at once.</summary>
    private const int DeleteBatch = 5_000;

    public async Task<IdempotencyClaim> ReserveAsync(long accountId, string key, byte[] requestHash, DateTimeOffset now, DateTimeOffset pendingUntil, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reservation = Guid.NewGuid();
            if (await TryReserveAsync(accountId, key, requestHash, reservation, now, pendingUntil, cancellationToken)) return IdempotencyClaim.Reserved(reservation);
            if (await ReadAsync(accountId, key, requestHash, now, cancellationToken) is { } held) return held;
            if (attempt == Attempts) throw new InvalidOperationException($"The idempotency key of account {accountId} could be neither reserved nor read.");
        }
    }

    public async Task CompleteAsync(long accountId, string key, Guid reservation, StoredResponse response, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE mt_idempotency_keys SET status = @status, headers = @headers, body = @body, expires_at = @expires
            WHERE account_id = @account AND idempotency_key = @key AND reservation = @reservation
            """);
        AddKey(command, accountId, key);
        command.Parameters.Add(new NpgsqlParameter<Guid>("reservation", reservation));
        command.Parameters.Add(new NpgsqlParameter<short>("status", (short)response.Status));
        command.Parameters.Add(new NpgsqlParameter<string>("headers", NpgsqlDbType.Jsonb) { TypedValue = JsonSerializer.Serialize(response.Headers) });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("body", response.Body));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("expires", expiresAt.ToUniversalTime()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(long accountId, string key, Guid reservation, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM mt_idempotency_keys WHERE account_id = @account AND idempotency_key = @key AND reservation = @reservation");
        AddKey(command, accountId, key);
        command.Parameters.Add(new NpgsqlParameter<Guid>("reservation", reservation));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        long deleted = 0;
        int batch;
        do
        {
            await using var command = dataSource.CreateCommand(
                """
                DELETE FROM mt_idempotency_keys WHERE ctid IN
                    (SELECT ctid FROM mt_idempotency_keys WHERE expires_at <= @now LIMIT @limit FOR UPDATE SKIP LOCKED)
                """);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", DeleteBatch));
            batch = await command.ExecuteNonQueryAsync(cancellationToken);
            deleted += batch;
        }
        while (batch == DeleteBatch);
        return deleted;
    }

    private async Task<bool> TryReserveAsync(long accountId, string key, byte[] requestHash, Guid reservation, DateTimeOffset now, DateTimeOffset pendingUntil, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO mt_idempotency_keys AS k (account_id, idempotency_key, request_hash, reservation, created_at, expires_at)
            VALUES (@account, @key, @hash, @reservation, @now, @pending_until)
            ON CONFLICT (account_id, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, reservation = EXCLUDED.reservation,
                status = NULL, headers = NULL, body = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            WHERE k.expires_at <= EXCLUDED.created_at
            """);
        AddKey(command, accountId, key);
        command.Parameters.Add(new NpgsqlParameter<byte[]>("hash", requestHash));
        command.Parameters.Add(new NpgsqlParameter<Guid>("reservation", reservation));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("pending_until", pendingUntil.ToUniversalTime()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<IdempotencyClaim?> ReadAsync(long accountId, string key, byte[] requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT request_hash = @hash, status, headers, body FROM mt_idempotency_keys
            WHERE account_id = @account AND idempotency_key = @key AND expires_at > @now
            """);
        AddKey(command, accountId, key);
        command.Parameters.Add(new NpgsqlParameter<byte[]>("hash", requestHash));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        if (!reader.GetBoolean(0)) return IdempotencyClaim.OtherRequest;
        if (await reader.IsDBNullAsync(1, cancellationToken)) return IdempotencyClaim.InProgress;
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [];
        return IdempotencyClaim.Replay(new StoredResponse(reader.GetInt16(1), headers, reader.GetFieldValue<byte[]>(3)));
    }

    private static void AddKey(NpgsqlCommand command, long accountId, string key)
    {
        command.Parameters.Add(new NpgsqlParameter<long>("account", accountId));
        command.Parameters.Add(new NpgsqlParameter<string>("key", key));
    }
}
