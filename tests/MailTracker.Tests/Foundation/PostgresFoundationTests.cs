using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Silo.Database;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailTracker.Tests.Foundation;

/// <summary>The PostgreSQL mode: schema, persistence across restarts, clustering of separate processes.</summary>
public sealed class PostgresFoundationTests
{
    [Fact]
    public async Task Schema_applies_concurrently_and_again_without_error()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("schema");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrators = Enumerable.Range(0, 3).Select(_ => new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance)).ToList();

        var firstRound = await Task.WhenAll(migrators.Select(m => m.ApplyAsync(CancellationToken.None)));
        // The advisory lock lets exactly one of the concurrent silos apply each migration.
        Assert.Equal(DatabaseMigrator.Embedded.Select(m => m.Version), firstRound.SelectMany(v => v).Order());
        Assert.Empty(await migrators[0].ApplyAsync(CancellationToken.None));

        // Applying the scripts themselves a second time is harmless too (they are written to be re-runnable).
        foreach (var migration in DatabaseMigrator.Embedded)
        {
            await using var rerun = dataSource.CreateCommand(migration.Sql);
            await rerun.ExecuteNonQueryAsync();
        }

        await using var queries = dataSource.CreateCommand("SELECT count(*) FROM orleansquery");
        Assert.True((long)(await queries.ExecuteScalarAsync())! >= 10);
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("restart");
        var clusterId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        long accountId;
        var name = "Durable " + Guid.NewGuid().ToString("N");
        await using (var first = new MailTrackerFactory(connectionString, clusterId))
        {
            var created = await first.CreateAdminClient().PostAsJsonAsync("/admin/v1/accounts", new { name, plan = "growth" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            accountId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetProperty("id").GetInt64();
        }

        await using var second = new MailTrackerFactory(connectionString, clusterId);
        var client = second.CreateAdminClient();
        var read = await client.GetFromJsonAsync<JsonElement>($"/admin/v1/accounts/{accountId}");
        Assert.Equal(name, read.GetProperty("msg").GetProperty("name").GetString());
        Assert.Equal("growth", read.GetProperty("msg").GetProperty("plan").GetString());

        // Ids handed out after the restart come from fresh blocks of the shared sequence.
        var next = await client.PostAsJsonAsync("/admin/v1/accounts", new { name = name + "-after" });
        Assert.NotEqual(accountId, (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetProperty("id").GetInt64());
        var list = await client.GetFromJsonAsync<JsonElement>("/admin/v1/accounts");
        Assert.Equal(2, list.GetProperty("msg").GetArrayLength());

        // Stored as plain System.Text.Json, without Newtonsoft's $type that breaks on a rename.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var payloads = dataSource.CreateCommand("SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE graintypestring = 'account'");
        await using var reader = await payloads.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            var json = JsonDocument.Parse(reader.GetString(0)).RootElement;
            Assert.DoesNotContain("$type", json.GetRawText());
        }
        Assert.Equal(2, rows);
    }

    [Fact]
    public async Task Two_silo_processes_form_one_cluster_and_a_silo_restarts_cleanly_on_the_existing_schema()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("cluster");
        var clusterId = "procs-" + Guid.NewGuid().ToString("N")[..8];
        var adminToken = "admin-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["MailTracker__AdminToken"] = adminToken,
            ["Orleans__ClusterId"] = clusterId,
        };

        await using var silo1 = SiloProcess.Start(environment);
        await using var silo2 = SiloProcess.Start(environment);
        await Task.WhenAll(silo1.WaitReadyAsync(), silo2.WaitReadyAsync());

        Assert.Equal(2, await CountActiveSilosAsync(connectionString, clusterId));

        // An account written through one silo is read through the other.
        using var client1 = AdminClient(silo1, adminToken);
        using var client2 = AdminClient(silo2, adminToken);
        var created = await client1.PostAsJsonAsync("/admin/v1/accounts", new { name = "Shared", plan = "free" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await client2.GetAsync($"/admin/v1/accounts/{id}")).StatusCode);

        // SIGTERM: the silo leaves cleanly; started again on the same schema it rejoins.
        await silo2.StopAsync();
        Assert.Equal(0, await silo2.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await using var silo2Again = SiloProcess.Start(environment, siloPort: silo2.SiloPort);
        await silo2Again.WaitReadyAsync();
        Assert.DoesNotContain("fail", silo2Again.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, await CountActiveSilosAsync(connectionString, clusterId));
        using var client3 = AdminClient(silo2Again, adminToken);
        Assert.Equal(HttpStatusCode.OK, (await client3.GetAsync($"/admin/v1/accounts/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_missing_admin_token_stops_start_up_with_one_clear_line()
    {
        await using var silo = SiloProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=x;Username=x",
            ["MailTracker__AdminToken"] = null,
        });
        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var errorLines = silo.Output.Split('\n').Where(l => l.Contains("could not start")).ToList();
        Assert.Contains("MailTracker__AdminToken is required", Assert.Single(errorLines));
        Assert.DoesNotContain("   at ", silo.Output);
    }

    [Fact]
    public async Task An_unreachable_database_stops_start_up_with_one_clear_line()
    {
        await using var silo = SiloProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = $"Host=127.0.0.1;Port={PostgresServer.FreePort()};Database=x;Username=x;Timeout=3",
            ["MailTracker__AdminToken"] = "t",
        });
        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var errorLines = silo.Output.Split('\n').Where(l => l.Contains("could not start")).ToList();
        Assert.Contains("PostgreSQL is not usable", Assert.Single(errorLines));
        Assert.DoesNotContain("   at ", silo.Output);
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_with_one_clear_line()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        await using var silo = SiloProcess.Start(new Dictionary<string, string?>(), httpPort: port);
        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var errorLines = silo.Output.Split('\n').Where(l => l.Contains("could not start")).ToList();
        Assert.Contains($"HTTP port {port}", Assert.Single(errorLines));
        Assert.DoesNotContain("   at ", silo.Output);
    }

    private static HttpClient AdminClient(SiloProcess silo, string adminToken)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        return client;
    }

    private static async Task<long> CountActiveSilosAsync(string connectionString, string clusterId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @c AND status = 3");
        command.Parameters.AddWithValue("c", clusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
