using MailTracker.Hits;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The counted hits in PostgreSQL (table <c>mt_hit_data</c>), with the semantics of <see cref="InMemoryHitDataStore"/>:
/// idempotent by hit id across all entities, rows keyed by the (kind, entity) they were added under, newest first by insertion.
/// </summary>
public sealed class PostgresHitDataStore(NpgsqlDataSource dataSource) : IHitDataStore
{
    // One statement for the whole batch; WITH ORDINALITY keeps the list order in seq, which paging relies on.
    // ON CONFLICT DO NOTHING also absorbs a hit id repeated within the batch, so RETURNING sees only new rows.
    private const string AddCommand =
        """
        WITH added AS (
            INSERT INTO mt_hit_data (hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot)
            SELECT h.hit_id, @kind, @entity, h.tracking_id, h.account_id, h.date, h.ip_address, h.ip_hash, h.user_agent, h.custom_data, h.recipient_id, h.bot
            FROM unnest(@ids, @trackings, @accounts, @dates, @ips, @ip_hashes, @agents, @custom, @recipients, @bots) WITH ORDINALITY
                AS h (hit_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot, n)
            ORDER BY h.n
            ON CONFLICT (hit_id) DO NOTHING
            RETURNING bot
        )
        SELECT count(*), count(*) FILTER (WHERE bot) FROM added
        """;

    private const string CountCommand =
        "SELECT count(*), count(*) FILTER (WHERE bot) FROM mt_hit_data WHERE kind = @kind AND entity_id = @entity";

    private const string PageCommand =
        """
        SELECT hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot
        FROM mt_hit_data
        WHERE kind = @kind AND entity_id = @entity
        ORDER BY seq DESC
        OFFSET @offset LIMIT @limit
        """;

    private const string IpHashesCommand =
        "SELECT DISTINCT ip_hash FROM mt_hit_data WHERE kind = @kind AND entity_id = @entity AND ip_hash IS NOT NULL";

    private const string DeleteCommand = "DELETE FROM mt_hit_data WHERE kind = @kind AND entity_id = @entity";

    public async Task<HitCounts> AddAsync(HitKind kind, long entityId, IReadOnlyList<Hit> hits, CancellationToken cancellationToken = default)
    {
        if (hits.Count == 0) return default;

        var n = hits.Count;
        var ids = new Guid[n];
        var trackings = new long[n];
        var accounts = new long[n];
        var dates = new DateTimeOffset?[n];
        var ips = new string?[n];
        var ipHashes = new string?[n];
        var agents = new string?[n];
        var custom = new string?[n];
        var recipients = new long?[n];
        var bots = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var hit = hits[i];
            ids[i] = hit.HitId;
            trackings[i] = hit.TrackingId;
            accounts[i] = hit.AccountId;
            // timestamptz takes only UTC offsets in Npgsql; the instant is what is stored either way.
            dates[i] = hit.Date?.ToUniversalTime();
            ips[i] = hit.IpAddress;
            ipHashes[i] = hit.IpHash;
            agents[i] = hit.UserAgent;
            custom[i] = hit.CustomData;
            recipients[i] = hit.RecipientId;
            bots[i] = hit.Bot;
        }

        await using var command = Command(AddCommand, kind, entityId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<long[]>("trackings", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = trackings });
        command.Parameters.Add(new NpgsqlParameter<long[]>("accounts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = accounts });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]>("dates", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = dates });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("ips", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ips });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("ip_hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ipHashes });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("agents", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = agents });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("custom", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = custom });
        command.Parameters.Add(new NpgsqlParameter<long?[]>("recipients", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = recipients });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("bots", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { TypedValue = bots });
        return await ReadCountsAsync(command, cancellationToken);
    }

    public async Task<HitCounts> CountAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        await using var command = Command(CountCommand, kind, entityId);
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
            page.Add(new Hit(
                HitId: reader.GetGuid(0),
                Kind: (HitKind)reader.GetInt16(1),
                EntityId: reader.GetInt64(2),
                TrackingId: reader.GetInt64(3),
                AccountId: reader.GetInt64(4),
                Date: reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                IpAddress: reader.IsDBNull(6) ? null : reader.GetString(6),
                IpHash: reader.IsDBNull(7) ? null : reader.GetString(7),
                UserAgent: reader.IsDBNull(8) ? null : reader.GetString(8),
                CustomData: reader.IsDBNull(9) ? null : reader.GetString(9),
                RecipientId: reader.IsDBNull(10) ? null : reader.GetInt64(10),
                Bot: reader.GetBoolean(11)));
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

    private NpgsqlCommand Command(string sql, HitKind kind, long entityId)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<short>("kind", NpgsqlDbType.Smallint) { TypedValue = (short)kind });
        command.Parameters.Add(new NpgsqlParameter<long>("entity", NpgsqlDbType.Bigint) { TypedValue = entityId });
        return command;
    }

    private static async Task<HitCounts> ReadCountsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new HitCounts(reader.GetInt64(0), reader.GetInt64(1));
    }
}
