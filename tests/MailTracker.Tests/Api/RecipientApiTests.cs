using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary>Per-recipient tokens and the event feeds through HTTP, against the embedded default and PostgreSQL.</summary>
public abstract class RecipientApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    [Fact]
    public async Task Recipients_get_distinct_tokens_with_personal_urls_and_the_same_email_keeps_its_token()
    {
        var (tenant, tracking, _, link) = await NewTrackingAsync();
        var first = await CreateAsync(tenant, tracking, new { emails = new[] { "ann@example.com", "Bob@Example.com ", "cy@example.org" } });
        var recipients = first.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(3, first.GetProperty("count").GetInt32());
        Assert.Equal(["ann@example.com", "bob@example.com", "cy@example.org"], recipients.Select(r => r.GetProperty("email").GetString()));
        var tokens = recipients.Select(r => r.GetProperty("token").GetString()!).ToList();
        Assert.Equal(3, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Matches("^r[0-9A-Za-z]{22}$", t));
        foreach (var r in recipients)
        {
            var token = r.GetProperty("token").GetString();
            Assert.EndsWith($".png?r={token}", r.GetProperty("pixelUrl").GetString());
            var personal = Assert.Single(r.GetProperty("links").EnumerateArray());
            Assert.Equal(link.GetProperty("id").GetInt64(), personal.GetProperty("id").GetInt64());
            Assert.Equal($"{link.GetProperty("trackableUrl").GetString()}?r={token}", personal.GetProperty("url").GetString());
        }

        // Again, in the other form, with one new address: the known ones keep id and token.
        var again = await CreateAsync(tenant, tracking, new
        {
            recipients = new object[] { new { email = "BOB@example.com", name = "Bob" }, new { email = "dee@example.net", name = "Dee", subject = "Hello" } },
        });
        var second = again.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(tokens[1], second[0].GetProperty("token").GetString());
        Assert.Equal(recipients[1].GetProperty("id").GetInt64(), second[0].GetProperty("id").GetInt64());
        Assert.DoesNotContain(second[1].GetProperty("token").GetString(), tokens);
        Assert.Equal("Hello", second[1].GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData("{}", "either emails")]
    [InlineData("{\"emails\":[]}", "1 to 10000")]
    [InlineData("{\"emails\":[\"a@example.com\"],\"recipients\":[]}", "either emails")]
    [InlineData("{\"emails\":[\"ok@example.com\",\"not-an-email\",\"\",\"two@@example.com\",\"x@localhost\",\"Ann <ann@example.com>\"]}", "emails[1]")]
    [InlineData("{\"recipients\":[{\"name\":\"No address\"}]}", "recipients[0] has no email")]
    [InlineData("{\"emails\":\"a@example.com\"}", null)]
    [InlineData("{\"emails\":[", null)]
    public async Task Bad_recipient_requests_get_a_400_that_names_every_bad_entry(string body, string? mentions)
    {
        var (tenant, tracking, _, _) = await NewTrackingAsync();
        var response = await tenant.Client.PostAsync($"/api/v1/mail-tracking/{tracking}/recipients", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = (await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error")).GetProperty("msg").GetString()!;
        if (mentions is not null) Assert.Contains(mentions, error);
        if (body.Contains("not-an-email"))
        {
            foreach (var index in new[] { "emails[1]", "emails[2]", "emails[3]", "emails[4]", "emails[5]" }) Assert.Contains(index, error);
            Assert.DoesNotContain("emails[0]", error);
        }
    }

    [Fact]
    public async Task More_than_10000_recipients_are_refused_and_10000_are_created_at_once()
    {
        var (tenant, tracking, _, _) = await NewTrackingAsync();
        var tooMany = Enumerable.Range(0, 10_001).Select(i => $"user{i}@example.com").ToArray();
        var refused = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = tooMany });
        await EmbeddedHostTests.AssertErrorAsync(refused, 400, "validation_error");

        var emails = tooMany[..10_000];
        var created = (await CreateAsync(tenant, tracking, new { emails })).GetProperty("recipients").EnumerateArray()
            .Select(r => (Email: r.GetProperty("email").GetString()!, Token: r.GetProperty("token").GetString()!)).ToList();
        Assert.Equal(emails, created.Select(c => c.Email));
        Assert.Equal(10_000, created.Select(c => c.Token).Distinct().Count());
        var repeated = (await CreateAsync(tenant, tracking, new { emails })).GetProperty("recipients").EnumerateArray()
            .Select(r => r.GetProperty("token").GetString()!).ToList();
        Assert.Equal(created.Select(c => c.Token), repeated);
    }

    [Fact]
    public async Task Hits_through_personal_urls_are_attributed_and_a_foreign_recipient_is_ignored()
    {
        var (tenant, tracking, pixel, link) = await NewTrackingAsync();
        var ann = Single(await CreateAsync(tenant, tracking, new { emails = new[] { "ann@example.com" } }));
        var (_, otherTracking, _, _) = await NewTrackingAsync(tenant);
        var stranger = Single(await CreateAsync(tenant, otherTracking, new { emails = new[] { "stranger@example.com" } }));
        // A click this soon after the recipient was created is a link scanner's, not a person's.
        var click = await tenant.HitAsync(ann.GetProperty("links")[0].GetProperty("url").GetString()!);
        Assert.Equal(HttpStatusCode.Found, click.StatusCode);
        host.Clock.Advance(TimeSpan.FromMinutes(1)); // and the opens come a minute after the send: a person's

        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(ann.GetProperty("pixelUrl").GetString()!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(ann.GetProperty("pixelUrl").GetString()!, method: HttpMethod.Head)).StatusCode);
        var strangerToken = stranger.GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync($"{pixel.GetProperty("url").GetString()}?r={strangerToken}")).StatusCode);

        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}", 3);
        await tenant.WaitForCountAsync($"/api/v1/url/{link.GetProperty("id").GetInt64()}", 1);
        var id = ann.GetProperty("id").GetInt64();
        var got = await WaitForAsync(tenant, $"/api/v1/recipients/{id}", r => r.GetProperty("botClicks").GetInt64() == 1);
        Assert.Equal(1, got.GetProperty("opens").GetInt64());
        Assert.Equal(1, got.GetProperty("botOpens").GetInt64());
        Assert.Equal(0, got.GetProperty("clicks").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, got.GetProperty("firstOpen").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, got.GetProperty("firstBotOpen").ValueKind);
        Assert.Equal(JsonValueKind.Null, got.GetProperty("firstClick").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, got.GetProperty("firstBotClick").ValueKind);

        // The data shows who opened; the stranger's token, of another tracking, attributed nothing.
        var data = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}/data"))).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, data.Count(d => d.GetProperty("recipient").ValueKind == JsonValueKind.Number && d.GetProperty("recipient").GetInt64() == id));
        Assert.Equal(1, data.Count(d => d.GetProperty("recipient").ValueKind == JsonValueKind.Null));
        var strangerNow = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/recipients/{stranger.GetProperty("id").GetInt64()}"));
        Assert.Equal(0, strangerNow.GetProperty("opens").GetInt64());
    }

    [Fact]
    public async Task The_recipients_list_pages_in_update_order_and_a_poller_gets_exactly_what_changed_since()
    {
        var (tenant, tracking, _, _) = await NewTrackingAsync();
        var created = (await CreateAsync(tenant, tracking, new { emails = Enumerable.Range(0, 5).Select(i => $"p{i}@example.com").ToArray() }))
            .GetProperty("recipients").EnumerateArray().ToList();

        var seen = new List<string>();
        var next = $"/api/v1/mail-tracking/{tracking}/recipients?limit=2";
        // The list shows a change once no older transaction of the (shared) server is in flight: poll, pages may come empty.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (seen.Count < 5 && DateTime.UtcNow < deadline)
        {
            var msg = await Tenant.MsgAsync(await tenant.Client.GetAsync(next));
            var page = msg.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("email").GetString()!).ToList();
            seen.AddRange(page);
            next = new Uri(msg.GetProperty("_links").GetProperty("next").GetProperty("href").GetString()!).PathAndQuery;
            if (page.Count == 0) await Task.Delay(25);
        }
        Assert.Equal(created.Select(c => c.GetProperty("email").GetString()), seen);
        var caughtUp = await Tenant.MsgAsync(await tenant.Client.GetAsync(next));
        Assert.Empty(caughtUp.GetProperty("recipients").EnumerateArray());
        next = new Uri(caughtUp.GetProperty("_links").GetProperty("next").GetProperty("href").GetString()!).PathAndQuery;

        var p3 = created[3].GetProperty("id").GetInt64();
        var p1 = created[1].GetProperty("id").GetInt64();
        var unsubscribed = await Tenant.MsgAsync(await tenant.Client.PostAsync($"/api/v1/recipients/{p3}/unsubscribed", null));
        Assert.NotEqual(JsonValueKind.Null, unsubscribed.GetProperty("unsubscribed").ValueKind);
        await tenant.Client.PostAsync($"/api/v1/recipients/{p1}/bounced", null);
        var changed = await WaitForListAsync(tenant, next, 2);
        Assert.Equal(["p3@example.com", "p1@example.com"], changed.Select(r => r.GetProperty("email").GetString()));
        Assert.NotEqual(JsonValueKind.Null, changed[1].GetProperty("bounced").ValueKind);
    }

    [Fact]
    public async Task The_global_recipients_list_pages_through_every_tracking_each_once_and_an_update_moves_a_recipient_to_the_end()
    {
        var (tenant, first, _, _) = await NewTrackingAsync();
        var (_, second, _, _) = await NewTrackingAsync(tenant);
        var (stranger, theirs, _, _) = await NewTrackingAsync();
        var mine = new Dictionary<string, long>();
        foreach (var (tracking, emails) in new[] { (first, new[] { "g1@example.com", "g2@example.com", "g3@example.com" }), (second, new[] { "g4@example.com", "g1@example.com" }) })
        {
            foreach (var r in (await CreateAsync(tenant, tracking, new { emails })).GetProperty("recipients").EnumerateArray())
            {
                mine[$"{tracking}/{r.GetProperty("email").GetString()}"] = r.GetProperty("id").GetInt64();
            }
        }
        var strangers = (await CreateAsync(stranger, theirs, new { emails = new[] { "g1@example.com" } })).GetProperty("recipients").EnumerateArray()
            .Select(r => r.GetProperty("id").GetInt64()).ToList();

        // Pages of two, following _links.next, until all five came: each once, with its mail tracking.
        var (seen, next) = await ReadRecipientsUntilAsync(tenant, "/api/v1/recipients?limit=2", mine.Count);
        Assert.Equal(mine.Keys.Order(), seen.Select(r => $"{r.GetProperty("mailTrackingId").GetInt64()}/{r.GetProperty("email").GetString()}").Order());
        Assert.Equal(mine.Values.Order(), seen.Select(r => r.GetProperty("id").GetInt64()).Order());
        Assert.Empty((await Tenant.MsgAsync(await tenant.Client.GetAsync(next))).GetProperty("recipients").EnumerateArray());

        // An update moves the recipient to the end: the poll from the last cursor gets it alone, the list from the start last.
        var moved = mine[$"{first}/g1@example.com"];
        await tenant.Client.PostAsync($"/api/v1/recipients/{moved}/unsubscribed", null);
        var (changed, _) = await ReadRecipientsUntilAsync(tenant, next, 1);
        Assert.Equal([moved], changed.Select(r => r.GetProperty("id").GetInt64()));
        Assert.NotEqual(JsonValueKind.Null, changed[0].GetProperty("unsubscribed").ValueKind);
        var (again, _) = await ReadRecipientsUntilAsync(tenant, "/api/v1/recipients", mine.Count);
        Assert.Equal(moved, again[^1].GetProperty("id").GetInt64());

        // Another account's recipients never appear, in either list.
        Assert.DoesNotContain(again, r => strangers.Contains(r.GetProperty("id").GetInt64()));
        var (theirList, _) = await ReadRecipientsUntilAsync(stranger, "/api/v1/recipients", 1);
        Assert.Equal(strangers, theirList.Select(r => r.GetProperty("id").GetInt64()));

        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/recipients?after=garbage"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/recipients?after={Convert.ToBase64String("mt:5"u8.ToArray())}"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/recipients?limit=0"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/recipients?limit=1001"), 400, "validation_error");
    }

    [Fact]
    public async Task A_deleted_recipient_is_gone_but_its_events_and_the_counts_stay()
    {
        var (tenant, tracking, pixel, _) = await NewTrackingAsync();
        var ann = Single(await CreateAsync(tenant, tracking, new { emails = new[] { "ann@example.com" } }));
        var id = ann.GetProperty("id").GetInt64();
        await tenant.HitAsync(ann.GetProperty("pixelUrl").GetString()!);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}", 1);

        var deleted = await tenant.Client.DeleteAsync($"/api/v1/recipients/{id}");
        Assert.Equal("ann@example.com", (await Tenant.MsgAsync(deleted)).GetProperty("email").GetString());
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/recipients/{id}"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.DeleteAsync($"/api/v1/recipients/{id}"), 404, "not_found");
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}", 1);
        var opens = await WaitForEventsAsync(tenant, $"/api/v1/events/opens?mailTrackingId={tracking}", "opens", 1);
        Assert.Equal(ann.GetProperty("token").GetString(), opens[0].GetProperty("recipient").GetString());

        // Another account sees none of it.
        var other = await host.CreateTenantAsync();
        await EmbeddedHostTests.AssertErrorAsync(await other.Client.GetAsync($"/api/v1/mail-tracking/{tracking}/recipients"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await other.Client.GetAsync($"/api/v1/events/opens?mailTrackingId={tracking}"), 404, "not_found");
        Assert.Empty((await Tenant.MsgAsync(await other.Client.GetAsync("/api/v1/events/opens"))).GetProperty("opens").EnumerateArray());
    }

    [Fact]
    public async Task The_csv_export_lists_every_recipient_with_its_tracking_url()
    {
        var (tenant, tracking, _, _) = await NewTrackingAsync();
        var created = (await CreateAsync(tenant, tracking, new { emails = new[] { "ann@example.com", "=cmd@example.com" } }))
            .GetProperty("recipients").EnumerateArray().ToList();
        var response = await tenant.Client.GetAsync($"/api/v1/mail-tracking/{tracking}/recipients.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("email,token,tracking_url,created_at", lines[0]);
        Assert.Equal(3, lines.Length);
        var ann = lines.Single(l => l.StartsWith("ann@example.com,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(created[0].GetProperty("token").GetString(), ann[1]);
        Assert.Equal(created[0].GetProperty("pixelUrl").GetString(), ann[2]);
        Assert.True(DateTimeOffset.TryParse(ann[3], out _));
        // A leading formula character cannot run in a spreadsheet.
        Assert.Contains(lines, l => l.StartsWith("'=cmd@example.com,", StringComparison.Ordinal));
        await EmbeddedHostTests.AssertErrorAsync(await (await host.CreateTenantAsync()).Client.GetAsync($"/api/v1/mail-tracking/{tracking}/recipients.csv"), 404, "not_found");
    }

    [Fact]
    public async Task The_open_and_click_feeds_list_each_event_once_in_order_and_a_poller_gets_only_new_ones()
    {
        var (tenant, tracking, pixel, link) = await NewTrackingAsync();
        var pixelUrl = pixel.GetProperty("url").GetString()!;
        for (var i = 0; i < 3; i++) await tenant.HitAsync($"{pixelUrl}?d=first{i}", ip: $"203.0.113.{i + 1}");
        await tenant.HitAsync(link.GetProperty("trackableUrl").GetString()!, userAgent: "Barracuda Sentinel");
        var opens = await WaitForEventsAsync(tenant, "/api/v1/events/opens?limit=2", "opens", 3);
        Assert.Equal(3, opens.Select(o => o.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(opens, o => Assert.Equal(tracking, o.GetProperty("mailTrackingId").GetInt64()));
        Assert.All(opens, o => Assert.Equal(pixel.GetProperty("id").GetInt64(), o.GetProperty("pixelId").GetInt64()));
        Assert.Equal(3, opens.Select(o => o.GetProperty("location").GetString()).Distinct().Count());
        Assert.DoesNotContain(opens, o => o.GetProperty("location").GetString()!.Contains("203.0.113"));
        var clicks = await WaitForEventsAsync(tenant, "/api/v1/events/clicks", "clicks", 1);
        Assert.True(clicks[0].GetProperty("bot").GetBoolean());
        Assert.Equal(link.GetProperty("id").GetInt64(), clicks[0].GetProperty("linkId").GetInt64());

        // Poll on from the last cursor: only what came after.
        var (_, cursor) = await ReadFeedAsync(tenant, "/api/v1/events/opens", "opens");
        await tenant.HitAsync($"{pixelUrl}?d=later", ip: "203.0.113.1");
        var later = await WaitForEventsAsync(tenant, cursor, "opens", 1);
        Assert.Equal(opens[0].GetProperty("location").GetString(), later[0].GetProperty("location").GetString());

        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/events/opens?after=garbage"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/events/opens?limit=1001"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/events/opens?mailTrackingId=abc"), 400, "validation_error");
    }

    [Fact]
    public async Task A_track_is_a_recipient_of_a_campaign_with_its_pixel_and_its_opens()
    {
        var tenant = await host.CreateTenantAsync();
        var created = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks",
            new { recipient = "john@example.com", subject = "Meeting Tomorrow", campaign = "sales-outreach" }));
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("sales-outreach", created.GetProperty("campaign").GetString());
        Assert.Equal("Meeting Tomorrow", created.GetProperty("subject").GetString());
        Assert.Empty(created.GetProperty("opens").EnumerateArray());
        var again = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "john@example.com", campaign = "sales-outreach" }));
        Assert.Equal(id, again.GetProperty("id").GetInt64());
        var other = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "john@example.com" }));
        Assert.NotEqual(id, other.GetProperty("id").GetInt64());
        Assert.Equal("default", other.GetProperty("campaign").GetString());
        host.Clock.Advance(TimeSpan.FromMinutes(1)); // opened a minute after it was sent

        const string iPhoneMail = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(created.GetProperty("pixelUrl").GetString()!, userAgent: iPhoneMail)).StatusCode);
        var track = await WaitForAsync(tenant, $"/api/v1/tracks/{id}", t => t.GetProperty("openCount").GetInt64() == 1);
        var open = Assert.Single(track.GetProperty("opens").EnumerateArray());
        Assert.Equal("Apple Mail", open.GetProperty("emailClient").GetString());
        Assert.Equal("iPhone", open.GetProperty("device").GetString());
        Assert.False(open.GetProperty("bot").GetBoolean());

        var opened = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/tracks?campaign=sales-outreach&opened=true"));
        Assert.Equal([id], opened.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        var unopened = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/tracks?opened=false"));
        Assert.Equal([other.GetProperty("id").GetInt64()], unopened.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        Assert.Empty((await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/tracks?campaign=nope"))).GetProperty("tracks").EnumerateArray());
        var paged = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/tracks?limit=1"));
        Assert.True(paged.GetProperty("hasMore").GetBoolean());
        var rest = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/tracks?limit=1&cursor={paged.GetProperty("nextCursor").GetString()}"));
        Assert.NotEqual(paged.GetProperty("tracks")[0].GetProperty("id").GetInt64(), rest.GetProperty("tracks")[0].GetProperty("id").GetInt64());

        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/tracks?opened=maybe"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "nobody" }), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await (await host.CreateTenantAsync()).Client.GetAsync($"/api/v1/tracks/{id}"), 404, "not_found");
    }

    private async Task<(Tenant Tenant, long Tracking, JsonElement Pixel, JsonElement Link)> NewTrackingAsync(Tenant? tenant = null)
    {
        tenant ??= await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        return (tenant, tracking, await tenant.CreatePixelAsync(tracking), await tenant.CreateUrlAsync(tracking));
    }

    private static async Task<JsonElement> CreateAsync(Tenant tenant, long tracking, object body)
    {
        var response = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Tenant.MsgAsync(response);
    }

    private static JsonElement Single(JsonElement created) => Assert.Single(created.GetProperty("recipients").EnumerateArray());

    private static async Task<JsonElement> WaitForAsync(Tenant tenant, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var msg = await Tenant.MsgAsync(await tenant.Client.GetAsync(path));
            if (done(msg)) return msg;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} did not get there: {msg.GetRawText()}");
            await Task.Delay(25);
        }
    }

    private static async Task<List<JsonElement>> WaitForListAsync(Tenant tenant, string path, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var list = (await Tenant.MsgAsync(await tenant.Client.GetAsync(path))).GetProperty("recipients").EnumerateArray().ToList();
            if (list.Count >= count || DateTime.UtcNow > deadline) return list;
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Follows a recipients list's next links until <paramref name="count"/> recipients came (failing on more): the list shows
    /// a change once no older transaction of the (shared) server is in flight, so pages may come empty before.
    /// </summary>
    private static async Task<(List<JsonElement> Recipients, string Next)> ReadRecipientsUntilAsync(Tenant tenant, string path, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var recipients = new List<JsonElement>();
        while (recipients.Count < count && DateTime.UtcNow < deadline)
        {
            var msg = await Tenant.MsgAsync(await tenant.Client.GetAsync(path));
            var page = msg.GetProperty("recipients").EnumerateArray().ToList();
            recipients.AddRange(page);
            path = new Uri(msg.GetProperty("_links").GetProperty("next").GetProperty("href").GetString()!).PathAndQuery;
            if (page.Count == 0) await Task.Delay(25);
        }
        Assert.Equal(count, recipients.Count);
        return (recipients, path);
    }

    /// <summary>Follows the feed from <paramref name="path"/> to its end; gives the events and the cursor to poll on with.</summary>
    private static async Task<(List<JsonElement> Events, string Next)> ReadFeedAsync(Tenant tenant, string path, string name)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var msg = await Tenant.MsgAsync(await tenant.Client.GetAsync(path));
            var page = msg.GetProperty(name).EnumerateArray().ToList();
            events.AddRange(page);
            path = new Uri(msg.GetProperty("_links").GetProperty("next").GetProperty("href").GetString()!).PathAndQuery;
            if (page.Count == 0) return (events, path);
        }
    }

    /// <summary>Polls a feed (following its cursors) until <paramref name="count"/> events came; fails on more.</summary>
    private static async Task<List<JsonElement>> WaitForEventsAsync(Tenant tenant, string path, string name, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var events = new List<JsonElement>();
        while (events.Count < count && DateTime.UtcNow < deadline)
        {
            var (page, next) = await ReadFeedAsync(tenant, path, name);
            events.AddRange(page);
            path = next;
            if (events.Count < count) await Task.Delay(25);
        }
        Assert.Equal(count, events.Count);
        return events;
    }
}
