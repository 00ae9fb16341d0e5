using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MailTracker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MailTracker.Tests.Cluster;

/// <summary>
/// A crash of the whole cluster is an outage of seconds: both silos of a PostgreSQL cluster are SIGKILLed, and one started
/// again, on the first one's ports or on new ones, answers an API read from its grains and counts a pixel hit within 20 s of
/// its start, although the dead silos' membership rows still say Active.
/// </summary>
[Collection(TimedCollection.Name)]
public sealed class ColdRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    /// <summary>Past the budget the test goes on waiting a while, so that a failure says how long it did take.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public Task A_silo_restarted_on_the_same_ports_after_every_silo_was_killed_serves_within_20_seconds() => KillAllAndRestartAsync(samePorts: true);

    [Fact]
    public Task A_silo_started_on_new_ports_after_every_silo_was_killed_serves_within_20_seconds() => KillAllAndRestartAsync(samePorts: false);

    private async Task KillAllAndRestartAsync(bool samePorts)
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("coldrestart");
        var adminToken = "admin-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["MailTracker__AdminToken"] = adminToken,
            ["Orleans__ClusterId"] = "cold-" + Guid.NewGuid().ToString("N")[..8],
        };
        await using var first = SiloProcess.Start(environment);
        await using var second = SiloProcess.Start(environment);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());

        using var tenant = await SiloApi.CreateTenantAsync(first, adminToken, "Cold " + Guid.NewGuid().ToString("N")[..8]);
        var tracking = (await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync("/api/v1/mail-tracking", new { name = "Cold restart" })))
            .GetProperty("id").GetInt64();
        var pixel = await SiloApi.MsgAsync(await tenant.Api.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null));
        var pixelId = pixel.GetProperty("id").GetInt64();
        var pixelPath = new Uri(pixel.GetProperty("url").GetString()!).PathAndQuery;
        using (var hits = new HttpClient { BaseAddress = second.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.OK, (await hits.GetAsync(pixelPath)).StatusCode);
        }
        using (var api = ApiClient(first.BaseAddress, tenant.Key))
        {
            Assert.True(await CountedAsync(api, pixelId, 1, Stopwatch.StartNew()), "The hit before the kill was not counted.");
        }

        first.KillNow();
        second.KillNow();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await second.WaitForExitAsync(TimeSpan.FromSeconds(10));

        var watch = Stopwatch.StartNew();
        await using var restarted = samePorts
            ? SiloProcess.Start(environment, first.HttpPort, first.SiloPort, first.GatewayPort)
            : SiloProcess.Start(environment);
        using var client = ApiClient(restarted.BaseAddress, tenant.Key);
        var read = await FirstOkAsync(client, $"/api/v1/mail-tracking/{tracking}", watch, restarted);
        var readAt = watch.Elapsed;
        var hit = read && await FirstOkAsync(client, pixelPath, watch, restarted);
        var counted = hit && await CountedAsync(client, pixelId, 2, watch);
        var countedAt = watch.Elapsed;
        output.WriteLine($"{(samePorts ? "same ports" : "new ports")}: API read answered 200 after {readAt.TotalSeconds:0.0} s, " +
            $"the pixel hit was counted after {countedAt.TotalSeconds:0.0} s (budget {Budget.TotalSeconds:0} s)");

        var log = string.Join('\n', restarted.Output.Split('\n').TakeLast(80));
        Assert.True(read, $"No API read answered within {Deadline.TotalSeconds:0} s of the start:\n{log}");
        Assert.True(counted, $"The pixel hit was not counted within {Deadline.TotalSeconds:0} s of the start:\n{log}");
        Assert.True(countedAt <= Budget, $"The restarted silo served after {countedAt.TotalSeconds:0.0} s, more than {Budget.TotalSeconds:0} s:\n{log}");
    }

    private static HttpClient ApiClient(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    /// <summary>Asks until the silo answers 200 (before it listens, or while it joins, requests fail or answer 503).</summary>
    private static async Task<bool> FirstOkAsync(HttpClient client, string path, Stopwatch watch, SiloProcess silo)
    {
        while (watch.Elapsed < Deadline && !silo.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK) return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        return false;
    }

    private static async Task<bool> CountedAsync(HttpClient client, long pixelId, long expected, Stopwatch watch)
    {
        while (watch.Elapsed < Deadline)
        {
            try
            {
                using var response = await client.GetAsync($"/api/v1/pixel/{pixelId}");
                if (response.StatusCode == HttpStatusCode.OK && (await SiloApi.MsgAsync(response)).GetProperty("timesOpened").GetInt64() >= expected) return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        return false;
    }
}
