using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Cluster;

/// <summary>
/// The open feed never skips or repeats: two silo processes commit hits concurrently (so commits land out of
/// id order), a poller follows the feed's cursor all the while, and it ends up with every answered hit once.
/// </summary>
public sealed class FeedTests
{
    private const int Pixels = 12;
    private const int Hits = 1200;

    [Fact]
    public async Task A_poller_sees_every_event_exactly_once_while_two_silos_commit_concurrently()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("feed");
        var adminToken = "admin-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["MailTracker__AdminToken"] = adminToken,
            ["Orleans__ClusterId"] = "feed-" + Guid.NewGuid().ToString("N")[..8],
        };
        await using var first = SiloProcess.Start(environment);
        await using var second = SiloProcess.Start(environment);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());

        using var tenant = await SiloApi.CreateTenantAsync(first, adminToken, "Feed");
        var (api, key) = (tenant.Api, tenant.Key);
        var pixels = new List<string>();
        for (var i = 0; i < Pixels; i++)
        {
            var tracking = (await SiloApi.MsgAsync(await api.PostAsJsonAsync("/api/v1/mail-tracking", new { name = $"F{i}" }))).GetProperty("id").GetInt64();
            pixels.Add(new Uri((await SiloApi.MsgAsync(await api.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null))).GetProperty("url").GetString()!).PathAndQuery);
        }

        // The poller: follows the cursor from the start, page by page, for as long as the load lasts and after.
        var seen = new ConcurrentDictionary<string, int>();
        var duplicates = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            using var reader = new HttpClient { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            reader.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var path = "/api/v1/events/opens?limit=100";
            while (!stop.IsCancellationRequested)
            {
                var msg = await SiloApi.MsgAsync(await reader.GetAsync(path));
                var page = msg.GetProperty("opens").EnumerateArray().ToList();
                foreach (var open in page)
                {
                    if (!seen.TryAdd(open.GetProperty("id").GetString()!, 1)) duplicates.Add(open.GetProperty("id").GetString()!);
                }
                path = new Uri(msg.GetProperty("_links").GetProperty("next").GetProperty("href").GetString()!).PathAndQuery;
                if (page.Count == 0) await Task.Delay(20);
            }
        });

        // The load: every hit to either silo, 16 at a time.
        var clients = new[] { first, second }.Select(s => new HttpClient { BaseAddress = s.BaseAddress }).ToArray();
        var answered = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Hits), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await clients[i % 2].GetAsync($"{pixels[i % Pixels]}?d=f{i}", ct);
            if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref answered);
        });
        Assert.Equal(Hits, answered);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < Hits && DateTime.UtcNow < deadline) await Task.Delay(50);
        // A little longer: anything more would be a repeat.
        await Task.Delay(500);
        await stop.CancelAsync();
        await poller;
        foreach (var client in clients) client.Dispose();

        Assert.Empty(duplicates);
        Assert.Equal(Hits, seen.Count);
    }
}
