using MailTracker.Hits;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The counted hits in PostgreSQL (<c>mt_hit_data</c>), their counts (<c>mt_hit_counts</c>) and the partitions'
/// positions (<c>mt_log_positions</c>), with the semantics of <see cref="InMemoryHitDataStore"/>.
/// </summary>
public sealed class PostgresHitDataStore(NpgsqlDataSource dataSource) : IHitDataStore
{
    // One statement: the new rows, their counts and the position move together or not at all.
    // WITH ORDINALITY keeps the commit order in seq, which paging relies on; ON CONFLICT DO NOTHING also
    // absorbs a hit id repeated within the batch, so only new rows reach the counts.
    private const string CommitCommand =
        """
        WITH input AS (
            SELECT * FROM unnest(@ids, @kinds, @entities, @trackings, @accounts, @dates, @ips, @ip_hashes, @agents, @custom, @recipients, @bots)
                WITH ORDINALITY AS h (hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot, n)
        ),
        added AS (
            INSERT INTO mt_hit_data (hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot)
            SELECT hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot
            FROM input ORDER BY n
            ON CONFLICT (hit_id) DO NOTHING
            RETURNING kind, entity_id, bot
        ),
        counted AS (
            INSERT INTO mt_hit_counts AS c (kind, entity_id, total, bots)
            SELECT kind, entity_id, count(*), count(*) FILTER (WHERE bot) FROM added GROUP BY kind, entity_id
            ON CONFLICT (kind, entity_id) DO UPDATE SET total = c.total + EXCLUDED.total, bots = c.bots + EXCLUDED.bots
        )
        INSERT INTO mt_log_positions AS p (partition, xid, seq) VALUES (@partition, @xid, @seq)
        ON CONFLICT (partition) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq
            WHERE (p.xid, p.seq) < (EXCLUDED.xid, EXCLUDED.seq)
        """;

    private const string PositionCommand = "SELECT xid, seq FROM mt_log_positions WHERE partition = @partition";

    private const string CountCommand =
        "SELECT total, bots FROM mt_hit_counts WHERE kind = @kind AND entity_id = @entity";

    private const string PageCommand =
        $$"""
        SELECT {{HitRows.Columns}}
        FROM mt_hit_data
        WHERE kind = @kind AND entity_id = @entity
        ORDER BY seq DESC
        OFFSET @offset LIMIT @limit
        """;

    private const string IpHashesCommand =
        "SELECT DISTINCT ip_hash FROM mt_hit_data WHERE kind = @kind AND entity_id = @entity AND ip_hash IS NOT NULL";

    private const string DeleteCommand =
        """
        DELETE FROM mt_hit_data WHERE kind = @kind AND entity_id = @entity;
        DELETE FROM mt_hit_counts WHERE kind = @kind AND entity_id = @entity;
        """;

    public async Task<LogPosition> GetPositionAsync(int partition, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(PositionCommand);
        command.Parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LogPosition(reader.GetInt64(0), reader.GetInt64(1)) : LogPosition.Start;
    }

    public async Task CommitAsync(int partition, LogPosition position, IReadOnlyList<Hit> counted, CancellationToken cancellationToken = default)
    {
        var n = counted.Count;
        var ids = new Guid[n];
        var kinds = new short[n];
        var entities = new long[n];
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
            var hit = counted[i];
            ids[i] = hit.HitId;
            kinds[i] = (short)hit.Kind;
            entities[i] = hit.EntityId;
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

        await using var command = dataSource.CreateCommand(CommitCommand);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = ids });
        parameters.Add(new NpgsqlParameter<short[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { TypedValue = kinds });
        parameters.Add(new NpgsqlParameter<long[]>("entities", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = entities });
        parameters.Add(new NpgsqlParameter<long[]>("trackings", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = trackings });
        parameters.Add(new NpgsqlParameter<long[]>("accounts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = accounts });
        parameters.Add(new NpgsqlParameter<DateTimeOffset?[]>("dates", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = dates });
        parameters.Add(new NpgsqlParameter<string?[]>("ips", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ips });
        parameters.Add(new NpgsqlParameter<string?[]>("ip_hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ipHashes });
        parameters.Add(new NpgsqlParameter<string?[]>("agents", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = agents });
        parameters.Add(new NpgsqlParameter<string?[]>("custom", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = custom });
        parameters.Add(new NpgsqlParameter<long?[]>("recipients", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = recipients });
        parameters.Add(new NpgsqlParameter<bool[]>("bots", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { TypedValue = bots });
        parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition });
        parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = position.Xid });
        parameters.Add(new NpgsqlParameter<long>("seq", NpgsqlDbType.Bigint) { TypedValue = position.Seq });
        await command.ExecuteNonQueryAsync(cancellationToken);
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
        return await reader.ReadAsync(cancellationToken) ? new HitCounts(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }
}
