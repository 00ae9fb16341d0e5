using MailTracker.Silo.Database;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailTracker.Tests.Foundation;

/// <summary>
/// <c>src/Silo/Database/schema.sql</c> is the schema the migrations produce, so that a reviewer reads the current
/// tables in one place. After changing a migration, regenerate the file instead of editing it by hand:
/// <c>MAILTRACKER_WRITE_SCHEMA=1 dotnet test tests/MailTracker.Tests --filter "FullyQualifiedName~SchemaFile"</c>
/// rewrites it from a freshly migrated database (and passes); commit the result with the migration.
/// </summary>
public sealed class SchemaFileTests
{
    public const string WriteVariable = "MAILTRACKER_WRITE_SCHEMA";

    private static readonly string SchemaPath = Path.Combine(RepositoryRoot.Path, "src", "Silo", "Database", "schema.sql");

    [Fact]
    public async Task Schema_file_is_what_the_migrations_produce()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("schemafile");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).ApplyAsync(CancellationToken.None);
        }
        var migrated = SchemaDump.Normalise(await server.DumpSchemaAsync(connectionString));

        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            await File.WriteAllTextAsync(SchemaPath, SchemaDump.Header + migrated);
            return;
        }

        var file = File.Exists(SchemaPath) ? SchemaDump.Normalise(await File.ReadAllTextAsync(SchemaPath)) : "";
        Assert.True(file == migrated,
            $"{SchemaPath} is not what the migrations produce ({FirstDifference(file, migrated)}). " +
            $"Regenerate it: {WriteVariable}=1 dotnet test tests/MailTracker.Tests --filter \"FullyQualifiedName~SchemaFile\", then review and commit it.");
    }

    private static string FirstDifference(string file, string migrated)
    {
        var fileLines = file.Split('\n');
        var migratedLines = migrated.Split('\n');
        for (var i = 0; i < Math.Max(fileLines.Length, migratedLines.Length); i++)
        {
            var inFile = i < fileLines.Length ? fileLines[i] : "(end of file)";
            var inMigrated = i < migratedLines.Length ? migratedLines[i] : "(end of dump)";
            if (inFile != inMigrated) return $"normalised line {i + 1}: the file has `{inFile}`, the migrations give `{inMigrated}`";
        }
        return "no line differs";
    }
}
