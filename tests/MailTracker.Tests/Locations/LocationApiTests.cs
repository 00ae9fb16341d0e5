using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Locations;

/// <summary>
/// Where hits came from, through the API, against the embedded default and PostgreSQL: data entries' country and city
/// and tracks' opens' location, from the host's GeoIP database (MaxMind's GeoIP2 City test database: 81.2.69.142 is
/// London, 89.160.20.128 Linköping).
/// </summary>
public abstract class LocationApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    protected const string London = "81.2.69.142";

    [Fact]
    public async Task Data_entries_show_the_country_and_city_of_the_hit_address()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(tracking);
        var link = await tenant.CreateUrlAsync(tracking);
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(pixel.GetProperty("url").GetString()!, ip: London)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.HitAsync(link.GetProperty("trackableUrl").GetString()!, ip: "89.160.20.128")).StatusCode);

        var open = await SingleEntryAsync(tenant, $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}");
        Assert.Equal(London, open.GetProperty("ipAddress").GetString());
        Assert.Equal("United Kingdom", open.GetProperty("country").GetString());
        Assert.Equal("London", open.GetProperty("city").GetString());
        var click = await SingleEntryAsync(tenant, $"/api/v1/url/{link.GetProperty("id").GetInt64()}");
        Assert.Equal("Sweden", click.GetProperty("country").GetString());
        Assert.Equal("Linköping", click.GetProperty("city").GetString());
    }

    [Fact]
    public async Task An_address_the_database_does_not_hold_has_no_location()
    {
        var tenant = await host.CreateTenantAsync();
        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(pixel.GetProperty("url").GetString()!, ip: "10.1.2.3")).StatusCode);
        var entry = await SingleEntryAsync(tenant, $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}");
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("country").ValueKind);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("city").ValueKind);
    }

    [Fact]
    public async Task A_track_open_shows_where_it_was_opened()
    {
        var tenant = await host.CreateTenantAsync();
        var created = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks",
            new { recipient = "jane-" + Guid.NewGuid().ToString("N")[..8] + "@example.com", campaign = "locations" }));
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(created.GetProperty("pixelUrl").GetString()!, ip: London)).StatusCode);

        var open = await SingleOpenAsync(tenant, created.GetProperty("id").GetInt64());
        var location = open.GetProperty("location");
        Assert.Equal("London", location.GetProperty("city").GetString());
        Assert.Equal("United Kingdom", location.GetProperty("country").GetString());
    }

    [Fact]
    public async Task Without_tracked_ip_addresses_there_is_no_location()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync(new { name = "No IPs", trackIpAddresses = false })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(tracking);
        var recipients = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "ann@example.com" } });
        Assert.Equal(HttpStatusCode.Created, recipients.StatusCode);
        var recipient = Assert.Single((await Tenant.MsgAsync(recipients)).GetProperty("recipients").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(recipient.GetProperty("pixelUrl").GetString()!, ip: London)).StatusCode);

        var entry = await SingleEntryAsync(tenant, $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}");
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("ipAddress").ValueKind);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("country").ValueKind);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("city").ValueKind);
        var open = await SingleOpenAsync(tenant, recipient.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("location").ValueKind);
    }

    /// <summary>The one data entry of a pixel or link, once its hit is counted.</summary>
    private static async Task<JsonElement> SingleEntryAsync(Tenant tenant, string path)
    {
        await tenant.WaitForCountAsync(path, 1);
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync(path + "/data"));
        return Assert.Single(data.GetProperty("data").EnumerateArray());
    }

    /// <summary>The one open of a track, once it is counted.</summary>
    protected static async Task<JsonElement> SingleOpenAsync(Tenant tenant, long trackId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var track = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/tracks/{trackId}"));
            if (track.GetProperty("openCount").GetInt64() == 1) return Assert.Single(track.GetProperty("opens").EnumerateArray());
            if (DateTime.UtcNow > deadline) Assert.Fail($"track {trackId} was not opened: {track.GetRawText()}");
            await Task.Delay(25);
        }
    }
}
