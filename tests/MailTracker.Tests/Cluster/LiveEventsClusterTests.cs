using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Cluster;

/// <summary>The live streams across silo processes: a reader connected to one silo gets the hits answered and counted by the other.</summary>
public sealed class LiveEventsClusterTests(TwoSiloFixture silos) : IClassFixture<TwoSiloFixture>
{
    [Fact]
    public async Task A_reader_on_one_silo_gets_the_hits_fired_at_the_other_within_two_seconds_and_its_silo_stops_with_the_stream_open()
    {
        using var tenant = await SiloApi.CreateTenantAsync(silos.Silo1, silos.AdminToken, "Live " + Guid.NewGuid().ToString("N")[..6]);
        // Several pixels: their partitions' tailers are spread over both silos.
        var pixels = new List<(long Id, string Path)>();
        for (var i = 0; i < 6; i++)
        {
            var tracking = (await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync("/api/v1/mail-tracking", new { name = $"L{i}" }))).GetProperty("id").GetInt64();
            var pixel = await SiloApi.MsgAsync(await tenant.Api.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null));
            pixels.Add((pixel.GetProperty("id").GetInt64(), new Uri(pixel.GetProperty("url").GetString()!).PathAndQuery));
        }
        using var reader = new HttpClient { BaseAddress = silos.Silo2.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        reader.DefaultRequestHeaders.Authorization = new("Bearer", tenant.Key);
        await using var events = await SseStream.OpenAsync(reader, "/api/v1/events/stream");

        using var hits = new HttpClient { BaseAddress = silos.Silo1.BaseAddress };
        var slowest = TimeSpan.Zero;
        foreach (var (id, path) in pixels)
        {
            Assert.Equal(HttpStatusCode.OK, (await hits.GetAsync(path)).StatusCode);
            var answered = Stopwatch.StartNew();
            var open = await events.NextAsync();
            slowest = answered.Elapsed > slowest ? answered.Elapsed : slowest;
            Assert.Equal("open", open.Type);
            Assert.Equal(id, open.Data.GetProperty("pixelId").GetInt64());
        }
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"The slowest event came {slowest} after its hit was answered.");

        // A graceful shutdown ends the open stream instead of waiting for it (the reader's silo, so last in this class).
        var stopping = Stopwatch.StartNew();
        await silos.Silo2.StopAsync();
        Assert.Equal(0, await silos.Silo2.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"The silo took {stopping.Elapsed} to stop.");
    }
}
