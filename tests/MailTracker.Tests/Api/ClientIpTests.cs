using System.Net;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary>
/// Which address a hit stores: X-Forwarded-For is believed only from a trusted proxy (10.9.0.0/16 on the
/// proxied host, none on the embedded default); the test host sets the peer from X-Test-Peer.
/// </summary>
public sealed class ClientIpTests(ProxiedApiHost proxied, EmbeddedApiHost direct) : IClassFixture<ProxiedApiHost>, IClassFixture<EmbeddedApiHost>
{
    private const string Forwarded = "203.0.113.5, 10.9.2.2";

    [Theory]
    [InlineData("10.9.1.1", Forwarded, "203.0.113.5")]
    [InlineData("::ffff:10.9.1.1", Forwarded, "203.0.113.5")]
    [InlineData("10.9.1.1", "203.0.113.5", "203.0.113.5")]
    [InlineData("10.9.1.1", null, "10.9.1.1")]
    [InlineData("10.9.1.1", "not-an-ip, 10.9.2.2", "10.9.1.1")]
    [InlineData("198.51.100.9", Forwarded, "198.51.100.9")]
    [InlineData("10.8.1.1", Forwarded, "10.8.1.1")]
    [InlineData("::ffff:198.51.100.10", null, "198.51.100.10")]
    [InlineData("::ffff:198.51.100.10", Forwarded, "198.51.100.10")]
    public async Task Forwarded_for_is_believed_only_from_a_trusted_proxy(string peer, string? forwardedFor, string stored)
    {
        Assert.Equal(stored, await StoredIpAsync(proxied, peer, forwardedFor));
    }

    [Theory]
    [InlineData("10.9.1.1", Forwarded, "10.9.1.1")]
    [InlineData("198.51.100.9", Forwarded, "198.51.100.9")]
    [InlineData("::ffff:198.51.100.10", null, "198.51.100.10")]
    public async Task Without_trusted_proxies_the_peer_is_the_client(string peer, string? forwardedFor, string stored)
    {
        Assert.Equal(stored, await StoredIpAsync(direct, peer, forwardedFor));
    }

    [Fact]
    public async Task A_link_click_stores_the_same_client_address()
    {
        var tenant = await proxied.CreateTenantAsync();
        var trackingId = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var link = await tenant.CreateUrlAsync(trackingId);
        var linkId = link.GetProperty("id").GetInt64();
        var hit = await tenant.HitAsync(link.GetProperty("trackableUrl").GetString()!, ip: "10.9.1.1", headers: new Dictionary<string, string> { ["X-Forwarded-For"] = Forwarded });
        Assert.Equal(HttpStatusCode.Redirect, hit.StatusCode);
        await tenant.WaitForCountAsync($"/api/v1/url/{linkId}", 1);
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/url/{linkId}/data"));
        Assert.Equal("203.0.113.5", Assert.Single(data.GetProperty("data").EnumerateArray()).GetProperty("ipAddress").GetString());
    }

    /// <summary>Hits a new pixel once from <paramref name="peer"/> and reads back the stored ipAddress through GET /pixel/{id}/data.</summary>
    private static async Task<string?> StoredIpAsync(ApiTestHost host, string peer, string? forwardedFor)
    {
        var tenant = await host.CreateTenantAsync();
        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        var pixelId = pixel.GetProperty("id").GetInt64();
        var headers = new Dictionary<string, string>();
        if (forwardedFor is not null) headers["X-Forwarded-For"] = forwardedFor;
        var hit = await tenant.HitAsync(pixel.GetProperty("url").GetString()!, ip: peer, headers: headers);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 1);
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"));
        return Assert.Single(data.GetProperty("data").EnumerateArray()).GetProperty("ipAddress").GetString();
    }
}
