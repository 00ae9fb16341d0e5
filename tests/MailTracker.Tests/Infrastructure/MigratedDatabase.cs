using MailTracker.Silo.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailTracker.Tests.Infrastructure;

/// <summary>A test class's own PostgreSQL database with MailTracker's schema applied (a class fixture).</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("stores");
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        await new DatabaseMigrator(_dataSource, NullLogger<DatabaseMigrator>.Instance).ApplyAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}
