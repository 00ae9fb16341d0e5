using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;
using Npgsql;

namespace MailTracker.Tests.Cluster;

/// <summary>
/// Graceful shutdown: a silo that gets SIGTERM commits and counts every hit it answered before it exits. Timed: the silo gives
/// the drain 10 s, which the suite's other silo processes on the same two cores can eat up.
/// </summary>
[Collection(TimedCollection.Name)]
public sealed class DrainTests
{
    [Fact]
    public async Task Every_answered_hit_is_counted_before_a_terminated_silo_exits()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("drain");
        var adminToken = "admin-" + Guid.NewGuid().ToString("N");
        await using var silo = SiloProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["MailTracker__AdminToken"] = adminToken,
            ["Orleans__ClusterId"] = "drain-" + Guid.NewGuid().ToString("N")[..8],
        });
        await silo.WaitReadyAsync();

        using var admin = new HttpClient { BaseAddress = silo.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        var account = await Msg(await admin.PostAsJsonAsync("/admin/v1/accounts", new { name = "Drain" }));
        var key = (await Msg(await admin.PostAsJsonAsync($"/admin/v1/accounts/{account.GetProperty("id").GetInt64()}/api-keys", new { name = "k", rate_limit = ApiTestHost.UnlimitedRate })))
            .GetProperty("key").GetString()!;
        using var api = new HttpClient { BaseAddress = silo.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var pixels = new List<(long Id, string Path)>();
        for (var i = 0; i < 4; i++)
        {
            var tracking = (await Msg(await api.PostAsJsonAsync("/api/v1/mail-tracking", new { name = $"D{i}" }))).GetProperty("id").GetInt64();
            var pixel = await Msg(await api.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null));
            pixels.Add((pixel.GetProperty("id").GetInt64(), new Uri(pixel.GetProperty("url").GetString()!).PathAndQuery));
        }

        // A burst of hits, and SIGTERM as soon as the last one is answered.
        using var hits = new HttpClient { BaseAddress = silo.BaseAddress };
        var answered = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var response = await hits.GetAsync($"{pixels[i % pixels.Count].Path}?d=drain{i}", ct);
            if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref answered);
        });
        Assert.Equal(400, answered);
        await silo.StopAsync();
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        // With no silo running any more, the database already holds every hit, counted.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var counts = dataSource.CreateCommand("SELECT coalesce(sum(total), 0)::bigint FROM mt_hit_counts WHERE entity_id = ANY(@ids)");
        counts.Parameters.AddWithValue("ids", pixels.Select(p => p.Id).ToArray());
        Assert.Equal(400L, (long)(await counts.ExecuteScalarAsync())!);
        await using var rows = dataSource.CreateCommand("SELECT count(DISTINCT custom_data) FROM mt_hits WHERE entity_id = ANY(@ids)");
        rows.Parameters.AddWithValue("ids", pixels.Select(p => p.Id).ToArray());
        Assert.Equal(400L, (long)(await rows.ExecuteScalarAsync())!);
    }

    private static async Task<JsonElement> Msg(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean(), body.GetRawText());
        return body.GetProperty("msg");
    }
}
