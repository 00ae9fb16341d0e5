using Npgsql;

namespace MailTracker.Silo.Database;

/// <summary>
/// Applies the embedded, numbered SQL migrations (<c>Database/Migrations/NNNN_name.sql</c>) that the
/// database has not seen yet. A transaction-scoped advisory lock serialises silos that start together;
/// the version table makes a second run a no-op. Migrations are additive unless one says otherwise in its
/// comment (0009 drops a key nothing older depends on), so a silo that finds a newer schema than it knows
/// simply runs on it (rolling restarts). <c>Database/schema.sql</c> shows what they produce.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Any fixed number; it only has to be the same for every MailTracker silo.</summary>
    private const long AdvisoryLockKey = 0x4D_61_69_6C_54_72_6B;

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    /// <summary>Applies what is missing and returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await ExecuteAsync(connection,
            """
            CREATE TABLE IF NOT EXISTS mt_schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM mt_schema_migrations", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));
        }

        var done = new List<int>();
        foreach (var migration in Embedded.Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO mt_schema_migrations (version, name) VALUES (@v, @n)", connection);
            record.Parameters.AddWithValue("v", migration.Version);
            record.Parameters.AddWithValue("n", migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            done.Add(migration.Version);
        }
        await transaction.CommitAsync(cancellationToken);

        if (done.Count > 0) logger.LogInformation("Database schema: applied migrations {Versions}", string.Join(", ", done));
        else logger.LogInformation("Database schema is up to date (version {Version})", applied.Count == 0 ? 0 : applied.Max());
        return done;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        const string prefix = "Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^".sql".Length];
                var version = int.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var text = new StreamReader(stream);
                return new Migration(version, name, text.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }
}
