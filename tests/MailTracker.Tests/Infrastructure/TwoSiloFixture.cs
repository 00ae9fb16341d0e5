namespace MailTracker.Tests.Infrastructure;

/// <summary>Two real silo processes on one PostgreSQL database, started once for a test class (each test uses its own account).</summary>
public sealed class TwoSiloFixture : IAsyncLifetime
{
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");

    public SiloProcess Silo1 { get; private set; } = null!;

    public SiloProcess Silo2 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("twosilos");
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["MailTracker__AdminToken"] = AdminToken,
            ["Orleans__ClusterId"] = "two-" + Guid.NewGuid().ToString("N")[..8],
        };
        Silo1 = SiloProcess.Start(environment);
        Silo2 = SiloProcess.Start(environment);
        await Task.WhenAll(Silo1.WaitReadyAsync(), Silo2.WaitReadyAsync());
    }

    public async Task DisposeAsync()
    {
        if (Silo1 is not null) await Silo1.DisposeAsync();
        if (Silo2 is not null) await Silo2.DisposeAsync();
    }
}
