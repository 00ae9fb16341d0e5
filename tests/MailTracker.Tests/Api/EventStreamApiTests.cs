using System.Text.Json;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary><c>GET /api/v1/events/stream</c>: the feeds' opens and clicks as server-sent events, live and resumable, on both backends.</summary>
public abstract class EventStreamApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    private const string Stream = "/api/v1/events/stream";

    /// <summary>The feeds' start cursor as the API encodes it ("c:0.0", base64url): a stream from the very beginning.</summary>
    private const string FromStart = Stream + "?after=YzowLjA";

    [Fact]
    public async Task Opens_and_clicks_counted_while_connected_arrive_as_the_feeds_events_with_their_cursors()
    {
        var (tenant, tracking, pixel, link) = await NewTrackingAsync();
        await using var events = await SseStream.OpenAsync(tenant.Client, Stream);

        await tenant.HitAsync(pixel.GetProperty("url").GetString()!);
        await tenant.HitAsync(link.GetProperty("trackableUrl").GetString()!);
        var open = await events.NextAsync();
        var click = await events.NextAsync();

        Assert.Equal("open", open.Type);
        Assert.Equal("click", click.Type);
        // The same JSON as the feeds' items.
        var opens = await FeedAsync(tenant, "opens", "");
        var clicks = await FeedAsync(tenant, "clicks", "");
        Assert.Equal(Assert.Single(opens).GetRawText(), open.Data.GetRawText());
        Assert.Equal(Assert.Single(clicks).GetRawText(), click.Data.GetRawText());
        Assert.Equal(tracking, open.Data.GetProperty("mailTrackingId").GetInt64());
        Assert.Equal(pixel.GetProperty("id").GetInt64(), open.Data.GetProperty("pixelId").GetInt64());
        Assert.Equal(link.GetProperty("id").GetInt64(), click.Data.GetProperty("linkId").GetInt64());
        Assert.False(open.Data.GetProperty("bot").GetBoolean());

        // Each id is the feed cursor after its event: the click feed read on from the open's id holds the click, from the click's id nothing.
        Assert.Equal(click.Data.GetProperty("id").GetString(), Assert.Single(await FeedAsync(tenant, "clicks", $"after={open.Id}")).GetProperty("id").GetString());
        Assert.Empty(await FeedAsync(tenant, "opens", $"after={open.Id}"));
        Assert.Empty(await FeedAsync(tenant, "clicks", $"after={click.Id}"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_reconnects_with_its_last_id_while_hits_flow_gets_every_event_once(bool lastEventIdHeader)
    {
        const int Hits = 40;
        var (tenant, _, pixel, link) = await NewTrackingAsync();
        var received = new List<SseEvent>();
        var first = await SseStream.OpenAsync(tenant.Client, Stream);

        // Hits keep coming, opens and clicks mixed, through the disconnect and after it.
        var firing = Task.Run(async () =>
        {
            for (var i = 0; i < Hits; i++)
            {
                await tenant.HitAsync(i % 3 == 2 ? link.GetProperty("trackableUrl").GetString()! : pixel.GetProperty("url").GetString()!);
                await Task.Yield();
            }
        });
        for (var i = 0; i < 8; i++) received.Add(await first.NextAsync());
        await first.DisposeAsync();

        var last = received[^1].Id!;
        await using var second = lastEventIdHeader
            ? await SseStream.OpenAsync(tenant.Client, Stream, lastEventId: last)
            : await SseStream.OpenAsync(tenant.Client, $"{Stream}?after={last}");
        await firing;
        while (received.Count < Hits) received.Add(await second.NextAsync());

        // Exactly the feeds' events, in their commit order, each once.
        var feed = await AllEventsAsync(tenant);
        Assert.Equal(Hits, feed.Count);
        Assert.Equal(feed.Select(e => e.GetProperty("id").GetString()), received.Select(e => e.Data.GetProperty("id").GetString()));
        Assert.Equal(Hits - Hits / 3, received.Count(e => e.Type == "open"));
    }

    [Fact]
    public async Task A_stream_of_one_mail_tracking_shows_only_its_events_and_never_another_accounts()
    {
        var (tenant, tracking, pixel, _) = await NewTrackingAsync();
        var other = await tenant.CreateTrackingAsync(new { name = "Other" });
        var otherPixel = await tenant.CreatePixelAsync(other.GetProperty("id").GetInt64());
        var (stranger, _, strangerPixel, _) = await NewTrackingAsync();
        await using var filtered = await SseStream.OpenAsync(tenant.Client, $"{Stream}?mailTrackingId={tracking}");
        await using var whole = await SseStream.OpenAsync(tenant.Client, Stream);

        await stranger.HitAsync(strangerPixel.GetProperty("url").GetString()!);
        await tenant.HitAsync(otherPixel.GetProperty("url").GetString()!);
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!);

        // Commit order: had the stranger's or the other tracking's hit been sent, it would come first.
        var only = await filtered.NextAsync();
        Assert.Equal(pixel.GetProperty("id").GetInt64(), only.Data.GetProperty("pixelId").GetInt64());
        var both = new[] { await whole.NextAsync(), await whole.NextAsync() };
        Assert.Equal([otherPixel.GetProperty("id").GetInt64(), pixel.GetProperty("id").GetInt64()], both.Select(e => e.Data.GetProperty("pixelId").GetInt64()));
        Assert.All(both, e => Assert.NotEqual(strangerPixel.GetProperty("id").GetInt64(), e.Data.GetProperty("pixelId").GetInt64()));
    }

    [Fact]
    public async Task A_stream_without_a_cursor_starts_at_the_present_end_and_one_from_the_start_catches_up_first()
    {
        var (tenant, _, pixel, _) = await NewTrackingAsync();
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!);
        // From the feeds' start cursor: the hit before the connect too.
        await using var replay = await SseStream.OpenAsync(tenant.Client, FromStart);
        var earlier = (await replay.NextAsync()).Data.GetProperty("id").GetString();

        await using var present = await SseStream.OpenAsync(tenant.Client, Stream);
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!);
        var later = (await present.NextAsync()).Data.GetProperty("id").GetString();
        Assert.NotEqual(earlier, later);
        Assert.Equal(later, (await replay.NextAsync()).Data.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_bad_cursor_is_a_400_and_an_unknown_or_foreign_mail_tracking_a_404_before_the_stream_starts()
    {
        var (tenant, _, _, _) = await NewTrackingAsync();
        var (stranger, foreign, _, _) = await NewTrackingAsync();
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"{Stream}?after=not-a-cursor"), 400, "validation_error");
        var header = new HttpRequestMessage(HttpMethod.Get, Stream);
        header.Headers.Add("Last-Event-ID", "bXQ6MTI");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.SendAsync(header), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"{Stream}?mailTrackingId=abc"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"{Stream}?mailTrackingId={foreign}"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"{Stream}?mailTrackingId=987654321987"), 404, "not_found");
        Assert.Equal(401, (int)(await tenant.Anonymous().GetAsync(Stream)).StatusCode);
        _ = stranger;
    }

    private async Task<(Tenant Tenant, long Tracking, JsonElement Pixel, JsonElement Link)> NewTrackingAsync()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        return (tenant, tracking, await tenant.CreatePixelAsync(tracking), await tenant.CreateUrlAsync(tracking));
    }

    private static async Task<List<JsonElement>> FeedAsync(Tenant tenant, string kind, string query)
    {
        var msg = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/events/{kind}?{query}"));
        return [.. msg.GetProperty(kind).EnumerateArray()];
    }

    /// <summary>
    /// The account's events in commit order, as one catch-up from the start reads them, checked against the two feeds
    /// (the stream is read until it has as many as both feeds hold: they show the same decided events).
    /// </summary>
    private static async Task<List<JsonElement>> AllEventsAsync(Tenant tenant)
    {
        await using var replay = await SseStream.OpenAsync(tenant.Client, FromStart);
        var opens = await FeedAsync(tenant, "opens", "limit=1000");
        var clicks = await FeedAsync(tenant, "clicks", "limit=1000");
        var all = new List<JsonElement>();
        while (all.Count < opens.Count + clicks.Count) all.Add((await replay.NextAsync()).Data);
        Assert.Equal(opens.Concat(clicks).Select(e => e.GetProperty("id").GetString()).Order(), all.Select(e => e.GetProperty("id").GetString()).Order());
        return all;
    }
}
