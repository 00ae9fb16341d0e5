using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

/// <summary>
/// What a sent message's opens and clicks tell an integrator, on both backends: webhooks naming the message, and
/// <c>/api/v1/analytics/emails</c> counting the account's real sends.
/// </summary>
public abstract class EmailTrackingApiTests<THost>(THost host) : IClassFixture<THost> where THost : SmtpApiHost
{
    private const string Html = """<html><body><p><a href="https://example.com/offer">See the offer</a></p></body></html>""";

    [Fact]
    public async Task Opening_and_clicking_a_received_message_raise_webhooks_naming_the_message()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await host.CreateTenantAsync();
        var hook = await tenant.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "email.opened", "link.clicked" } });
        Assert.Equal(HttpStatusCode.Created, hook.StatusCode);
        var ann = Address("ann");
        var id = await SendAsync(tenant, ann);
        var (pixel, link) = await ReceivedAsync(ann);
        // An ordinary tracking's open names no message.
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var ordinary = (await tenant.CreatePixelAsync(tracking)).GetProperty("url").GetString()!;

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(pixel)).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await tenant.HitAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(ordinary)).StatusCode);

        var events = await WaitForEventsAsync(receiver, 3);
        var opens = events.Where(e => e.Event == "email.opened").ToList();
        Assert.Equal(2, opens.Count);
        Assert.Equal(id, Assert.Single(opens, e => e.Data.GetProperty("mailTrackingId").GetInt64() != tracking).Data.GetProperty("emailId").GetInt64());
        Assert.Equal(JsonValueKind.Null, Assert.Single(opens, e => e.Data.GetProperty("mailTrackingId").GetInt64() == tracking).Data.GetProperty("emailId").ValueKind);
        var click = Assert.Single(events, e => e.Event == "link.clicked");
        Assert.Equal(id, click.Data.GetProperty("emailId").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, click.Data.GetProperty("linkId").ValueKind);
    }

    [Fact]
    public async Task Email_analytics_count_live_sends_deliveries_bounces_and_the_people_who_opened_and_clicked_per_day()
    {
        var tenant = await host.CreateTenantAsync();
        var issued = await tenant.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "staging", environment = "test" });
        var testTenant = new Tenant(host, tenant.AccountId, (await Tenant.MsgAsync(issued)).GetProperty("key").GetString()!);
        var firstDay = host.Clock.GetUtcNow();
        var (ann, nobody, bob) = (Address("ann"), $"{SmtpSink.RejectedPrefix}-{Guid.NewGuid():N}@example.com", Address("bob"));
        var opened = await SendAsync(tenant, ann);
        var bounced = await SendAsync(tenant, nobody);
        await SendAsync(testTenant, Address("quiet"));
        var (pixel, link) = await ReceivedAsync(ann);
        host.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await SendAsync(tenant, bob);
        await ReceivedAsync(bob);
        foreach (var (id, status) in new[] { (opened, "delivered"), (bounced, "bounced"), (nextDay, "delivered") }) await WaitForStatusAsync(tenant, id, status);

        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(pixel)).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await tenant.HitAsync(link)).StatusCode);
        var days = $"from_date={firstDay:yyyy-MM-dd}&to_date={host.Clock.GetUtcNow():yyyy-MM-dd}";
        // The pixel and the link are counted by their own partitions' tailers, each in its own time: wait for both.
        var stats = await WaitForStatsAsync(tenant, $"{days}&group_by=day",
            s => s.GetProperty("total").GetProperty("opened").GetInt64() == 1 && s.GetProperty("total").GetProperty("clicked").GetInt64() == 1);

        Assert.Equal((3L, 2L, 1L, 0L, 1L, 1L), Totals(stats.GetProperty("total")));
        var byDate = stats.GetProperty("by_date").EnumerateArray().ToList();
        Assert.Equal([$"{firstDay:yyyy-MM-dd}", $"{host.Clock.GetUtcNow():yyyy-MM-dd}"], byDate.Select(d => d.GetProperty("date").GetString()));
        Assert.Equal([(2L, 1L, 1L), (1L, 1L, 0L)], byDate.Select(d => (d.GetProperty("sent").GetInt64(), d.GetProperty("delivered").GetInt64(), d.GetProperty("bounced").GetInt64())));
        var monthly = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/analytics/emails?{days}&group_by=month"));
        Assert.Equal(3, monthly.GetProperty("by_date").EnumerateArray().Sum(d => d.GetProperty("sent").GetInt64()));
        // The test key's message was never sent; another account sees none of these.
        var theirs = await Tenant.MsgAsync(await (await host.CreateTenantAsync()).Client.GetAsync($"/api/v1/analytics/emails?{days}"));
        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0L), Totals(theirs.GetProperty("total")));
    }

    private static (long, long, long, long, long, long) Totals(JsonElement t) => (t.GetProperty("sent").GetInt64(), t.GetProperty("delivered").GetInt64(),
        t.GetProperty("bounced").GetInt64(), t.GetProperty("complained").GetInt64(), t.GetProperty("opened").GetInt64(), t.GetProperty("clicked").GetInt64());

    private static string Address(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private static async Task<long> SendAsync(Tenant tenant, string to)
    {
        var from = $"hello@{await tenant.VerifiedDomainAsync()}";
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/emails", new { to, from, subject = "Our offer", html = Html });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Tenant.MsgAsync(response)).GetProperty("id").GetInt64();
    }

    /// <summary>The recipient's pixel and link, as the received HTML has them.</summary>
    private async Task<(string Pixel, string Link)> ReceivedAsync(string address)
    {
        var document = new HtmlParser().ParseDocument(Assert.Single(await host.Sink.WaitForAsync(address)).HtmlBody!);
        return (document.QuerySelector("img")!.GetAttribute("src")!, document.QuerySelector("a")!.GetAttribute("href")!);
    }

    private static async Task WaitForStatusAsync(Tenant tenant, long id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? now;
        while ((now = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/emails/{id}"))).GetProperty("status").GetString()) != status && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        Assert.Equal(status, now);
    }

    private static async Task<JsonElement> WaitForStatsAsync(Tenant tenant, string query, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement stats;
        while (!done(stats = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/analytics/emails?{query}"))) && DateTime.UtcNow < deadline) await Task.Delay(25);
        return stats;
    }

    private static async Task<List<(string Event, JsonElement Data)>> WaitForEventsAsync(WebhookReceiver receiver, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<WebhookReceiver.Received> accepted;
        while ((accepted = [.. receiver.Requests.Where(r => r.Answered200).DistinctBy(r => r.Id)]).Count < count && DateTime.UtcNow < deadline) await Task.Delay(25);
        return [.. accepted.Select(r => (r.Event, JsonDocument.Parse(r.Body).RootElement.GetProperty("data")))];
    }
}
