using Npgsql;

namespace MailTracker.BenchHost;

/// <summary><c>mt_bench_hits</c>, the table the baseline and the reference write to: created once, on first use.</summary>
public sealed class BenchTable(NpgsqlDataSource dataSource)
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS mt_bench_hits (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            ip text,
            user_agent text)
        """;

    private readonly Lock _lock = new();
    private Task? _created;

    public Task EnsureCreatedAsync()
    {
        lock (_lock)
        {
            // A failed attempt (PostgreSQL not up yet) is tried again by the next request.
            if (_created is null || _created.IsFaulted || _created.IsCanceled) _created = CreateAsync();
            return _created;
        }
    }

    private async Task CreateAsync()
    {
        await using var command = dataSource.CreateCommand(CreateTable);
        await command.ExecuteNonQueryAsync();
    }
}
