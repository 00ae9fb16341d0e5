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
        _dataSource = await MigrateAsync(ConnectionString);
    }

    /// <summary>A new database of the tests' server, migrated; the caller disposes the data source.</summary>
    public static async Task<NpgsqlDataSource> CreateAsync(string purpose) =>
        await MigrateAsync(await (await PostgresServer.GetAsync()).CreateDatabaseAsync(purpose));

    private static async Task<NpgsqlDataSource> MigrateAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).ApplyAsync(CancellationToken.None);
        return dataSource;
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}
