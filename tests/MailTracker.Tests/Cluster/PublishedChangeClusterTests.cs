using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Cluster;

/// <summary>
/// A change made through one silo is in force on the other as soon as it is answered: both silos have served
/// (and cached) the token or blacklist before the change, and nothing here waits for a cache to expire.
/// </summary>
public sealed class PublishedChangeClusterTests(TwoSiloFixture silos) : IClassFixture<TwoSiloFixture>
{
    [Fact]
    public async Task A_link_deleted_through_one_silo_answers_404_through_the_other_at_once()
    {
        using var tenant = await NewTenantAsync();
        using var api2 = Api(silos.Silo2, tenant);
        var tracking = await NewTrackingAsync(tenant);
        var link = await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/url", new { url = "https://example.com/" }));
        var linkPath = Path(link.GetProperty("trackableUrl"));
        using var hits2 = Hits(silos.Silo2);
        Assert.Equal(HttpStatusCode.Redirect, (await hits2.GetAsync(linkPath)).StatusCode);

        await SiloApi.MsgAsync(await tenant.Api.DeleteAsync($"/api/v1/url/{link.GetProperty("id").GetInt64()}"));

        Assert.Equal(HttpStatusCode.NotFound, (await hits2.GetAsync(linkPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api2.GetAsync($"/api/v1/url/{link.GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task A_tracking_deleted_through_one_silo_is_gone_with_its_pixel_and_links_through_the_other_at_once()
    {
        using var tenant = await NewTenantAsync();
        using var api2 = Api(silos.Silo2, tenant);
        var tracking = await NewTrackingAsync(tenant);
        var pixel = await SiloApi.MsgAsync(await tenant.Api.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null));
        var link = await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/url", new { url = "https://example.com/" }));
        using var hits2 = Hits(silos.Silo2);
        Assert.Equal(HttpStatusCode.OK, (await hits2.GetAsync(Path(pixel.GetProperty("url")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await hits2.GetAsync(Path(link.GetProperty("trackableUrl")))).StatusCode);

        await SiloApi.MsgAsync(await tenant.Api.DeleteAsync($"/api/v1/mail-tracking/{tracking}"));

        Assert.Equal(HttpStatusCode.NotFound, (await hits2.GetAsync(Path(link.GetProperty("trackableUrl")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api2.GetAsync($"/api/v1/mail-tracking/{tracking}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api2.GetAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task A_recipient_deleted_through_one_silo_is_no_longer_credited_with_hits_through_the_other()
    {
        using var tenant = await NewTenantAsync();
        var tracking = await NewTrackingAsync(tenant);
        var pixel = await SiloApi.MsgAsync(await tenant.Api.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null));
        var pixelId = pixel.GetProperty("id").GetInt64();
        var ann = (await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "ann@example.com" } })))
            .GetProperty("recipients")[0];
        var personal = Path(ann.GetProperty("pixelUrl"));
        using var hits2 = Hits(silos.Silo2);
        Assert.Equal(HttpStatusCode.OK, (await hits2.GetAsync($"{personal}&d=before")).StatusCode);
        var before = Assert.Single(await WaitForDataAsync(tenant, pixelId, 1));
        Assert.Equal(ann.GetProperty("id").GetInt64(), before.GetProperty("recipient").GetInt64());

        await SiloApi.MsgAsync(await tenant.Api.DeleteAsync($"/api/v1/recipients/{ann.GetProperty("id").GetInt64()}"));
        Assert.Equal(HttpStatusCode.OK, (await hits2.GetAsync($"{personal}&d=after")).StatusCode);

        var after = (await WaitForDataAsync(tenant, pixelId, 2)).Single(r => r.GetProperty("customData").GetString() == "after");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("recipient").ValueKind);
    }

    [Fact]
    public async Task A_blacklist_set_through_one_silo_keeps_the_next_hits_out_on_every_silo()
    {
        using var tenant = await NewTenantAsync();
        var tracking = await NewTrackingAsync(tenant);
        var pixel = await SiloApi.MsgAsync(await tenant.Api.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null));
        var pixelId = pixel.GetProperty("id").GetInt64();
        var pixelPath = Path(pixel.GetProperty("url"));
        using var hits1 = Hits(silos.Silo1);
        using var hits2 = Hits(silos.Silo2);
        // Both silos have read (and cached) the account's empty blacklist.
        await hits1.GetAsync($"{pixelPath}?d=warm1");
        await hits2.GetAsync($"{pixelPath}?d=warm2");
        await WaitForDataAsync(tenant, pixelId, 2);

        // The tests' hits come from the loopback address.
        await SiloApi.MsgAsync(await tenant.Api.PutAsJsonAsync("/api/v1/blacklist", new { blacklist = new[] { "127.0.0.0/8", "::1" } }));
        Assert.Equal(HttpStatusCode.OK, (await hits1.GetAsync($"{pixelPath}?d=blocked1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hits2.GetAsync($"{pixelPath}?d=blocked2")).StatusCode);
        await SiloApi.MsgAsync(await tenant.Api.PutAsJsonAsync("/api/v1/blacklist", new { blacklist = Array.Empty<string>() }));
        await hits2.GetAsync($"{pixelPath}?d=after");

        // The same pixel's hits are counted in the order they were answered: once "after" is in, so would the blocked ones be.
        var data = await WaitForDataAsync(tenant, pixelId, 3);
        Assert.Equal(["after", "warm1", "warm2"], data.Select(r => r.GetProperty("customData").GetString()).Order());
    }

    private Task<SiloTenant> NewTenantAsync() => SiloApi.CreateTenantAsync(silos.Silo1, silos.AdminToken, "Published " + Guid.NewGuid().ToString("N")[..8]);

    private static async Task<long> NewTrackingAsync(SiloTenant tenant) =>
        (await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync("/api/v1/mail-tracking", new { name = "Published" }))).GetProperty("id").GetInt64();

    /// <summary>The same account's API on another silo.</summary>
    private static HttpClient Api(SiloProcess silo, SiloTenant tenant)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", tenant.Key);
        return client;
    }

    private static HttpClient Hits(SiloProcess silo) => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = silo.BaseAddress };

    private static string Path(JsonElement url) => new Uri(url.GetString()!).PathAndQuery;

    /// <summary>The pixel's data rows once it counts at least <paramref name="count"/> (failing if it counts more).</summary>
    private static async Task<IReadOnlyList<JsonElement>> WaitForDataAsync(SiloTenant tenant, long pixelId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var rows = (await SiloApi.MsgAsync(await tenant.Api.GetAsync($"/api/v1/pixel/{pixelId}/data?limit=100"))).GetProperty("data").EnumerateArray().ToList();
            if (rows.Count >= count) return rows;
            if (DateTime.UtcNow > deadline) Assert.Fail($"pixel {pixelId} has {rows.Count} rows, expected {count}");
            await Task.Delay(50);
        }
    }
}
