using MailTracker.Grains.Ids;
using MailTracker.Tests.Infrastructure;
using Npgsql;

namespace MailTracker.Tests.Stores;

public sealed class PostgresIdGeneratorTests(MigratedDatabase database) : IdGeneratorContract, IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private readonly string _connectionString = database.ConnectionString;
    private readonly List<NpgsqlDataSource> _pools = [];

    // Two silos: each its own pool and its own generator on the one database (the scrambling key is shared through it).
    protected override (IIdGenerator First, IIdGenerator Second) TwoSilos() => (Silo(), Silo());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var pool in _pools) await pool.DisposeAsync();
    }

    private PostgresIdGenerator Silo()
    {
        var pool = NpgsqlDataSource.Create(_connectionString);
        _pools.Add(pool);
        return new PostgresIdGenerator(pool);
    }
}
