using System.Security.Cryptography;
using Npgsql;

namespace MailTracker.Grains.Ids;

/// <summary>
/// Reserves blocks of counters from a PostgreSQL sequence (one round trip per block, not per id), so
/// several silos never hand out the same id; the scrambling key is shared by all silos through the
/// database and created once by whichever silo asks first.
/// </summary>
public sealed class PostgresIdGenerator(NpgsqlDataSource dataSource) : IIdGenerator
{
    /// <summary>Must match the sequence's INCREMENT in the migration that creates it.</summary>
    public const int BlockSize = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IdScrambler? _scrambler;
    private long _next;
    private long _end;

    public async ValueTask<long> NextAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _scrambler ??= new IdScrambler(await LoadKeyAsync(cancellationToken));
            if (_next >= _end)
            {
                await using var command = dataSource.CreateCommand("SELECT nextval('mt_id_blocks')");
                var blockStart = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
                _next = blockStart;
                _end = blockStart + BlockSize;
            }
            return _scrambler.Scramble(_next++);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<long[]> NextManyAsync(int count, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _scrambler ??= new IdScrambler(await LoadKeyAsync(cancellationToken));
            var ids = new long[count];
            var n = 0;
            while (n < count && _next < _end) ids[n++] = _scrambler.Scramble(_next++);
            if (n < count)
            {
                // Every block the rest needs, in one round trip; the last one's remainder serves later calls.
                await using var command = dataSource.CreateCommand("SELECT nextval('mt_id_blocks') FROM generate_series(1, @blocks)");
                command.Parameters.AddWithValue("blocks", (count - n + BlockSize - 1) / BlockSize);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    _next = reader.GetInt64(0);
                    _end = _next + BlockSize;
                    while (n < count && _next < _end) ids[n++] = _scrambler.Scramble(_next++);
                }
            }
            return ids;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> LoadKeyAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO mt_settings (name, value) VALUES ('id_key', @key) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM mt_settings WHERE name = 'id_key';
            """);
        command.Parameters.AddWithValue("key", RandomNumberGenerator.GetBytes(32));
        return (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
