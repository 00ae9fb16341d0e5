namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// The one normalisation of a <c>pg_dump --schema-only</c> that makes two dumps of the same schema equal text:
/// the schema file (<c>src/Silo/Database/schema.sql</c>) is stored in this form and compared in it.
/// </summary>
public static class SchemaDump
{
    /// <summary>What the schema file starts with (then a blank line); a comment, so normalising the file drops it again.</summary>
    public const string Header = """
        -- The schema that src/Silo/Database/Migrations/*.sql produce on an empty database (PostgreSQL 15):
        -- pg_dump --schema-only --no-owner --no-privileges, normalised. For reading and review only: silos apply
        -- the migrations, never this file. Regenerate it with
        --   MAILTRACKER_WRITE_SCHEMA=1 dotnet test tests/MailTracker.Tests --filter "FullyQualifiedName~SchemaFile"


        """;

    /// <summary>
    /// Drops what differs between runs or versions and says nothing about the schema: comments (pg_dump's version
    /// header and per-object banners), <c>SET</c> and <c>set_config</c> session lines, and psql's
    /// <c>\restrict</c>/<c>\unrestrict</c> lines (a random key per dump since PostgreSQL 15.14); then folds runs
    /// of blank lines into one. pg_dump's own object order (by kind, then name) is stable, so it is kept.
    /// </summary>
    public static string Normalise(string dump)
    {
        var kept = new List<string>();
        foreach (var raw in dump.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("--", StringComparison.Ordinal)
                || line.StartsWith("SET ", StringComparison.Ordinal)
                || line.StartsWith("SELECT pg_catalog.set_config(", StringComparison.Ordinal)
                || line.StartsWith(@"\restrict", StringComparison.Ordinal)
                || line.StartsWith(@"\unrestrict", StringComparison.Ordinal))
            {
                continue;
            }
            if (line.Length == 0 && (kept.Count == 0 || kept[^1].Length == 0)) continue;
            kept.Add(line);
        }
        while (kept.Count > 0 && kept[^1].Length == 0) kept.RemoveAt(kept.Count - 1);
        return string.Join('\n', kept) + "\n";
    }
}
