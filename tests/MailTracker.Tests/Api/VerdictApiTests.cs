using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary>Every hit's verdict with its reason, as a user reads it: data entries, event feeds, counters, recipients and tracks.</summary>
public abstract class VerdictApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    // Google's image proxy, which fetches when the person opens the mail (support.google.com/mail/answer/145919; the agent as
    // quoted in github.com/mautic/mautic/issues/10315).
    private const string GmailProxy = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

    // Outlook for Windows (Microsoft 365), as listed by github.com/matomo-org/device-detector's pim fixtures.
    private const string OutlookWindows = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)";

    [Fact]
    public async Task Each_open_says_why_it_is_a_bot_or_through_which_proxy_a_person_opened()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(tracking);
        var url = pixel.GetProperty("url").GetString()!;
        var pixelId = pixel.GetProperty("id").GetInt64();
        await tenant.HitAsync(url + "?d=head", method: HttpMethod.Head);
        await tenant.HitAsync(url + "?d=gmail", userAgent: GmailProxy);
        await tenant.HitAsync(url + "?d=outlook", userAgent: OutlookWindows);
        await tenant.HitAsync(url + "?d=mpp", ip: "17.58.101.2", userAgent: "Mozilla/5.0");

        var counts = await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 4);
        Assert.Equal(2, counts.GetProperty("humanOpens").GetInt64());
        Assert.Equal(2, counts.GetProperty("botOpens").GetInt64());
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"));
        var rows = data.GetProperty("data").EnumerateArray().ToDictionary(r => r.GetProperty("customData").GetString()!);
        AssertVerdict(rows["head"], true, "head-request", null);
        AssertVerdict(rows["gmail"], false, null, "gmail");
        AssertVerdict(rows["outlook"], false, null, null);
        AssertVerdict(rows["mpp"], true, "apple-mpp", null);

        var events = await EventsAsync(tenant, $"/api/v1/events/opens?mailTrackingId={tracking}", "opens", 4);
        Assert.Equal(["apple-mpp", "head-request"], events.Where(e => e.GetProperty("bot").GetBoolean()).Select(e => e.GetProperty("botReason").GetString()).Order());
        Assert.Equal("gmail", Assert.Single(events, e => e.GetProperty("proxy").ValueKind == JsonValueKind.String).GetProperty("proxy").GetString());
    }

    [Fact]
    public async Task A_click_seconds_after_the_send_is_a_scanner_and_the_recipient_keeps_it_apart_from_a_person()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var link = await tenant.CreateUrlAsync(tracking);
        var created = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "scanned@example.com" } }));
        var recipient = created.GetProperty("recipients")[0];
        var personalLink = recipient.GetProperty("links").EnumerateArray().Single().GetProperty("url").GetString()!;

        await tenant.HitAsync(personalLink, userAgent: OutlookWindows);

        var linkId = link.GetProperty("id").GetInt64();
        await tenant.WaitForCountAsync($"/api/v1/url/{linkId}", 1);
        var row = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/url/{linkId}/data"))).GetProperty("data")[0];
        AssertVerdict(row, true, "too-soon-after-send", null);
        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/recipients/{recipient.GetProperty("id").GetInt64()}"));
        Assert.Equal(JsonValueKind.Null, got.GetProperty("firstClick").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, got.GetProperty("firstBotClick").ValueKind);
        var click = Assert.Single(await EventsAsync(tenant, $"/api/v1/events/clicks?mailTrackingId={tracking}", "clicks", 1));
        Assert.Equal("too-soon-after-send", click.GetProperty("botReason").GetString());
    }

    [Fact]
    public async Task A_track_open_through_gmail_is_a_person_behind_its_proxy()
    {
        var tenant = await host.CreateTenantAsync();
        var created = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "gmail-reader@example.com", campaign = "verdicts" }));
        host.Clock.Advance(TimeSpan.FromMinutes(2)); // read two minutes after it was sent
        await tenant.HitAsync(created.GetProperty("pixelUrl").GetString()!, userAgent: GmailProxy);
        var id = created.GetProperty("id").GetInt64();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement track;
        do track = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/tracks/{id}"));
        while (track.GetProperty("openCount").GetInt64() == 0 && DateTime.UtcNow < deadline && await Delay());
        var open = Assert.Single(track.GetProperty("opens").EnumerateArray());
        AssertVerdict(open, false, null, "gmail");
    }

    private static void AssertVerdict(JsonElement entry, bool bot, string? reason, string? proxy)
    {
        Assert.Equal(bot, entry.GetProperty("bot").GetBoolean());
        Assert.Equal(reason, entry.GetProperty("botReason").GetString());
        Assert.Equal(proxy, entry.GetProperty("proxy").GetString());
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(25);
        return true;
    }

    /// <summary>Reads a feed from its start until <paramref name="count"/> events are there (events follow the counts closely).</summary>
    private static async Task<List<JsonElement>> EventsAsync(Tenant tenant, string path, string name, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<JsonElement> events;
        do events = [.. (await Tenant.MsgAsync(await tenant.Client.GetAsync(path))).GetProperty(name).EnumerateArray()];
        while (events.Count < count && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(count, events.Count);
        return events;
    }
}
