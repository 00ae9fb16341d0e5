using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Cluster;

/// <summary>Two real silo processes on one PostgreSQL database: ids, hits and deletes across silos.</summary>
public sealed class MultiSiloTests : IAsyncLifetime
{
    private readonly string _adminToken = "admin-" + Guid.NewGuid().ToString("N");
    private SiloProcess? _silo1;
    private SiloProcess? _silo2;

    public async Task InitializeAsync()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("multisilo");
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["MailTracker__AdminToken"] = _adminToken,
            ["Orleans__ClusterId"] = "multi-" + Guid.NewGuid().ToString("N")[..8],
        };
        _silo1 = SiloProcess.Start(environment);
        _silo2 = SiloProcess.Start(environment);
        await Task.WhenAll(_silo1.WaitReadyAsync(), _silo2.WaitReadyAsync());
    }

    public async Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("MT_DEBUG_SILO_LOGS") is { } dir) { File.WriteAllText(Path.Combine(dir, "silo1.log"), _silo1?.Output); File.WriteAllText(Path.Combine(dir, "silo2.log"), _silo2?.Output); }
        if (_silo1 is not null) await _silo1.DisposeAsync();
        if (_silo2 is not null) await _silo2.DisposeAsync();
    }

    [Fact]
    public async Task Ids_are_unique_and_hits_through_either_silo_count_once()
    {
        using var admin = new HttpClient { BaseAddress = _silo1!.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", _adminToken);
        var account = await Msg(await admin.PostAsJsonAsync("/admin/v1/accounts", new { name = "Multi" }));
        var key = (await Msg(await admin.PostAsJsonAsync($"/admin/v1/accounts/{account.GetProperty("id").GetInt64()}/api-keys", new { name = "k", rate_limit = ApiTestHost.UnlimitedRate })))
            .GetProperty("key").GetString()!;
        using var api1 = Client(_silo1, key);
        using var api2 = Client(_silo2!, key);

        // Both silos hand out ids from the same sequence: none repeats.
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var api = i % 2 == 0 ? api1 : api2;
            ids.Add((await Msg(await api.PostAsJsonAsync("/api/v1/mail-tracking", new { name = $"T{i}" }))).GetProperty("id").GetInt64());
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var pixel = await Msg(await api1.PostAsync($"/api/v1/mail-tracking/{ids[0]}/pixel", null));
        var link = await Msg(await api2.PostAsJsonAsync($"/api/v1/mail-tracking/{ids[0]}/url", new { url = "https://example.com/" }));
        var pixelPath = new Uri(pixel.GetProperty("url").GetString()!).PathAndQuery;
        var linkPath = new Uri(link.GetProperty("trackableUrl").GetString()!).PathAndQuery;

        using var hits1 = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _silo1.BaseAddress };
        using var hits2 = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _silo2!.BaseAddress };
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await (i % 2 == 0 ? hits1 : hits2).GetAsync($"{pixelPath}?d=h{i}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await hits2.GetAsync(linkPath)).StatusCode);

        await WaitForAsync(async () => (await Msg(await api2.GetAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}"))).GetProperty("timesOpened").GetInt64() == 20);
        var data = await Msg(await api1.GetAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}/data?limit=100"));
        Assert.Equal(20, data.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("customData").GetString()).Distinct().Count());
        await WaitForAsync(async () => (await Msg(await api1.GetAsync($"/api/v1/url/{link.GetProperty("id").GetInt64()}"))).GetProperty("timesOpened").GetInt64() == 1);

        // Deleted through one silo, the link stops on the other at once: the hub tells every silo to drop its cached facts.
        await Msg(await api1.DeleteAsync($"/api/v1/url/{link.GetProperty("id").GetInt64()}"));
        await WaitForAsync(async () => (await hits2.GetAsync(linkPath)).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(2));
    }

    private static HttpClient Client(SiloProcess silo, string key)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private static async Task<JsonElement> Msg(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean(), body.GetRawText());
        return body.GetProperty("msg");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The condition did not hold in time.");
            await Task.Delay(50);
        }
    }
}
