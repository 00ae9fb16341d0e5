using MailTracker.Hits;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The claims of addresses in <c>mt_unique_opens</c> (migration 0012): looked up by key here, written by the
/// <see cref="ConsumptionCommit"/> in the transaction that counts their hits.
/// </summary>
public sealed class PostgresUniqueOpenStore(NpgsqlDataSource dataSource) : IUniqueOpenStore
{
    /// <summary>The table's name, for the statements of the consumption commit and the data store.</summary>
    public const string Table = "mt_unique_opens";

    private const string ClaimsCommand =
        $"""
        SELECT k.entity_id, k.ip_hash, u.hit_id
        FROM unnest(@entities, @hashes) AS k (entity_id, ip_hash)
        JOIN {Table} u ON u.entity_id = k.entity_id AND u.ip_hash = k.ip_hash
        """;

    // Decided rows only (the tailer is deciding the rest as unique-only), found through the entity's pages, the first of each
    // address in log order.
    private static readonly string ClaimSeenCommand =
        $"""
        INSERT INTO {Table} (entity_id, ip_hash, hit_id)
        SELECT DISTINCT ON (h.ip_hash) h.entity_id, h.ip_hash, h.hit_id
        FROM ({HitPages.Decided}) d JOIN {HitTable.Name} h ON h.partition = d.partition AND h.xid = d.xid AND h.seq = d.seq
        WHERE h.ip_hash IS NOT NULL
        ORDER BY h.ip_hash, h.xid, h.seq
        ON CONFLICT (entity_id, ip_hash) DO NOTHING
        """;

    public async Task<IReadOnlyDictionary<EntityAddress, Guid>> ClaimsAsync(IReadOnlyCollection<EntityAddress> addresses, CancellationToken cancellationToken = default)
    {
        var claims = new Dictionary<EntityAddress, Guid>(addresses.Count);
        if (addresses.Count == 0) return claims;
        await using var command = dataSource.CreateCommand(ClaimsCommand);
        command.Parameters.Add(new NpgsqlParameter<long[]>("entities", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. addresses.Select(a => a.EntityId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. addresses.Select(a => a.IpHash)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) claims[new EntityAddress(reader.GetInt64(0), reader.GetString(1))] = reader.GetGuid(2);
        return claims;
    }

    public async Task ClaimSeenAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ClaimSeenCommand);
        command.Parameters.Add(new NpgsqlParameter<short>("kind", NpgsqlDbType.Smallint) { TypedValue = (short)kind });
        command.Parameters.Add(new NpgsqlParameter<long>("entity", NpgsqlDbType.Bigint) { TypedValue = entityId });
        command.Parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)HitPartitions.Of(entityId) });
        // Once per switch, but a pixel with a million hits takes seconds.
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
