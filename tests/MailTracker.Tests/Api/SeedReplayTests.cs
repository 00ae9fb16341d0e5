using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary>
/// Every curl example of the PastePixel API seed, replayed as the seed writes it (<c>?key=</c> in the query
/// string, the same JSON bodies byte for byte) against the running app, in embedded and PostgreSQL modes.
/// Each response must carry every field the seed shows, with the seed's JSON type (MailTracker may add more).
/// </summary>
public abstract class SeedReplayTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    // The seed's example responses, transcribed as valid JSON. Where the seed is not valid JSON
    // ("trackableUrls": {[…]}), trackableUrls is an array of objects. The "..." and trailing commas of the data examples are
    // dropped; customData is optional in data entries and is checked on its own.
    private const string CreatedTracking = """{"success": true, "msg": {"id": 465, "name": "Newsletter"}}""";

    private const string TrackingInfo = """
        {"success": true, "msg": {
          "id": 465, "created": 1611599175410, "mailTrackingUrl": "https://pastepixel.com/tracking/465",
          "name": "Newsletter", "enabled": true, "uniqueOpensOnly": false,
          "privacySettings": {"trackIpAddresses": true, "trackUserAgents": true, "trackDateTimes": true},
          "trackingPixel": {"id": 123, "created": 1611599175410, "token": "fbAQfWDabnHgQNwf4CFZ.png",
            "url": "https://pastepixel.com/image/fbAQfWDabnHgQNwf4CFZ.png", "timesOpened": 50},
          "trackableUrls": [{"id": 756, "created": 1611599175410, "token": "fbAQfWDabnHgQNwf4Cqw",
            "trackableUrl": "https://pastepixel.com/url/fbAQfWDabnHgQNwf4Cqw", "originalUrl": "https://my-website.com/",
            "timesOpened": 50}]
        }}
        """;

    private const string Deleted = """{"success": true, "msg": "Mail tracking successfully deleted."}""";

    private const string CreatedPixel = """
        {"success": true, "msg": {"id": 144, "token": "fbAQfWDabnHgQNwf4CFZ.png",
          "url": "https://pastepixel.com/image/fbAQfWDabnHgQNwf4CFZ.png"}}
        """;

    private const string PixelInfo = """
        {"success": true, "msg": {"id": 123, "created": 1611599175410, "token": "fbAQfWDabnHgQNwf4CFZ.png",
          "url": "https://pastepixel.com/image/fbAQfWDabnHgQNwf4CFZ.png", "timesOpened": 50,
          "mailTrackingId": 465, "mailTrackingUrl": "https://pastepixel.com/tracking/465"}}
        """;

    private const string Data = """
        {"success": true, "msg": {"timesOpened": 200, "offset": 3, "limit": 50, "data": [
          {"date": 1631113195648, "ipAddress": "255.255.255.255", "userAgent": "Mozilla/5.0 ..."}]}}
        """;

    private const string CreatedUrl = """
        {"success": true, "msg": {"id": 235, "token": "ZHMhkAbySWXFQqdpB7PQ",
          "trackableUrl": "https://pastepixel.com/url/ZHMhkAbySWXFQqdpB7PQ", "originalUrl": "https://mywebsite.com/"}}
        """;

    private const string UrlInfo = """
        {"success": true, "msg": {"id": 756, "created": 1611599175410, "token": "fbAQfWDabnHgQNwf4Cqw",
          "trackableUrl": "https://pastepixel.com/url/fbAQfWDabnHgQNwf4Cqw", "originalUrl": "https://my-website.com/",
          "timesOpened": 89, "mailTrackingId": 465, "mailTrackingUrl": "https://pastepixel.com/tracking/465"}}
        """;

    private const string UrlDeleted = """{"success": true, "msg": "Trackable url successfully deleted."}""";

    // The seed's request bodies, byte for byte (the shell's \" unescaped).
    private const string NameOnlyBody = """{"name":"Newsletter"}""";
    private const string FullBody = """{"name":"Newsletter", "enabled":true, "uniqueOpensOnly":false, "trackIpAddresses":true, "trackUserAgents":true, "trackDateTimes":true}""";
    private const string UrlBody = """{"url":"https://mywebsite.com/"}""";

    [Fact]
    public async Task Post_mail_tracking_with_a_name_only()
    {
        var tenant = await host.CreateTenantAsync();
        // The seed's first example leaves the URL unquoted; the request is the same.
        var response = await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking?key={tenant.Key}", NameOnlyBody);
        var msg = await AssertSeedAsync(response, HttpStatusCode.Created, CreatedTracking);
        Assert.Equal("Newsletter", msg.GetProperty("name").GetString());
        Assert.True(msg.GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public async Task Post_mail_tracking_with_every_attribute()
    {
        var tenant = await host.CreateTenantAsync();
        var response = await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking?key={tenant.Key}", FullBody);
        var msg = await AssertSeedAsync(response, HttpStatusCode.Created, CreatedTracking);
        Assert.Equal("Newsletter", msg.GetProperty("name").GetString());

        var id = msg.GetProperty("id").GetInt64();
        var got = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/mail-tracking/{id}?key={tenant.Key}"), HttpStatusCode.OK, TrackingInfoWithoutChildren());
        Assert.True(got.GetProperty("enabled").GetBoolean());
        Assert.False(got.GetProperty("uniqueOpensOnly").GetBoolean());
        Assert.Equal(JsonValueKind.Null, got.GetProperty("trackingPixel").ValueKind);
        Assert.Equal(0, got.GetProperty("trackableUrls").GetArrayLength());
    }

    [Fact]
    public async Task Get_mail_tracking_with_its_pixel_and_url()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var pixel = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/pixel?key={tenant.Key}"), HttpStatusCode.Created, CreatedPixel);
        var link = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/url?key={tenant.Key}", UrlBody), HttpStatusCode.Created, CreatedUrl);

        var response = await SendAsync(tenant, HttpMethod.Get, $"/api/v1/mail-tracking/{id}?key={tenant.Key}");
        var msg = await AssertSeedAsync(response, HttpStatusCode.OK, TrackingInfo);
        Assert.Equal(id, msg.GetProperty("id").GetInt64());
        Assert.EndsWith($"/tracking/{id}", msg.GetProperty("mailTrackingUrl").GetString());
        Assert.Equal("Newsletter", msg.GetProperty("name").GetString());
        AssertRecentMillis(msg.GetProperty("created"));

        var trackingPixel = msg.GetProperty("trackingPixel");
        Assert.Equal(pixel.GetProperty("id").GetInt64(), trackingPixel.GetProperty("id").GetInt64());
        Assert.Equal(pixel.GetProperty("token").GetString(), trackingPixel.GetProperty("token").GetString());
        Assert.Equal(pixel.GetProperty("url").GetString(), trackingPixel.GetProperty("url").GetString());
        Assert.Equal(0, trackingPixel.GetProperty("timesOpened").GetInt64());
        AssertRecentMillis(trackingPixel.GetProperty("created"));

        var url = Assert.Single(msg.GetProperty("trackableUrls").EnumerateArray());
        Assert.Equal(link.GetProperty("id").GetInt64(), url.GetProperty("id").GetInt64());
        Assert.Equal(link.GetProperty("token").GetString(), url.GetProperty("token").GetString());
        Assert.Equal(link.GetProperty("trackableUrl").GetString(), url.GetProperty("trackableUrl").GetString());
        Assert.Equal("https://mywebsite.com/", url.GetProperty("originalUrl").GetString());
        Assert.Equal(0, url.GetProperty("timesOpened").GetInt64());
        AssertRecentMillis(url.GetProperty("created"));
    }

    [Fact]
    public async Task Delete_mail_tracking()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var response = await SendAsync(tenant, HttpMethod.Delete, $"/api/v1/mail-tracking/{id}?key={tenant.Key}");
        var msg = await AssertSeedAsync(response, HttpStatusCode.OK, Deleted);
        Assert.Equal("Mail tracking successfully deleted.", msg.GetString());
        await EmbeddedHostTests.AssertErrorAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/mail-tracking/{id}?key={tenant.Key}"), 404, "not_found");
    }

    [Fact]
    public async Task Post_pixel()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var response = await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/pixel?key={tenant.Key}");
        var msg = await AssertSeedAsync(response, HttpStatusCode.Created, CreatedPixel);
        var token = msg.GetProperty("token").GetString()!;
        Assert.EndsWith(".png", token);
        Assert.Contains("/image/" + token, msg.GetProperty("url").GetString());
        Assert.True(msg.GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public async Task Get_pixel()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var pixel = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/pixel?key={tenant.Key}"), HttpStatusCode.Created, CreatedPixel);
        var pixelId = pixel.GetProperty("id").GetInt64();

        var msg = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/pixel/{pixelId}?key={tenant.Key}"), HttpStatusCode.OK, PixelInfo);
        Assert.Equal(pixelId, msg.GetProperty("id").GetInt64());
        Assert.Equal(pixel.GetProperty("token").GetString(), msg.GetProperty("token").GetString());
        Assert.Equal(pixel.GetProperty("url").GetString(), msg.GetProperty("url").GetString());
        Assert.Equal(0, msg.GetProperty("timesOpened").GetInt64());
        Assert.Equal(id, msg.GetProperty("mailTrackingId").GetInt64());
        Assert.EndsWith($"/tracking/{id}", msg.GetProperty("mailTrackingUrl").GetString());
        AssertRecentMillis(msg.GetProperty("created"));
    }

    [Fact]
    public async Task Get_pixel_data_pages_after_real_hits()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var pixel = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/pixel?key={tenant.Key}"), HttpStatusCode.Created, CreatedPixel);
        var pixelId = pixel.GetProperty("id").GetInt64();
        var url = pixel.GetProperty("url").GetString()!;

        // Oldest first: hit 0 carries custom data; the data endpoint lists newest first.
        for (var i = 0; i < 5; i++)
        {
            var hit = await tenant.HitAsync(i == 0 ? url + "?d=" + Uri.EscapeDataString("My custom data") : url, ip: $"198.51.100.{20 + i}", userAgent: $"Mozilla/5.0 (Seed {i})");
            Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        }
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 5);

        var page = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/pixel/{pixelId}/data?offset=3&limit=50&key={tenant.Key}"), HttpStatusCode.OK, Data);
        Assert.Equal(5, page.GetProperty("timesOpened").GetInt64());
        Assert.Equal(3, page.GetProperty("offset").GetInt32());
        Assert.Equal(50, page.GetProperty("limit").GetInt32());
        var rows = page.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("198.51.100.21", rows[0].GetProperty("ipAddress").GetString());
        Assert.Equal("Mozilla/5.0 (Seed 1)", rows[0].GetProperty("userAgent").GetString());
        Assert.False(rows[0].TryGetProperty("customData", out _), rows[0].GetRawText());
        Assert.Equal("198.51.100.20", rows[1].GetProperty("ipAddress").GetString());
        Assert.Equal("My custom data", rows[1].GetProperty("customData").GetString());
        foreach (var row in rows) AssertRecentMillis(row.GetProperty("date"));

        var first = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/pixel/{pixelId}/data?offset=0&limit=10&key={tenant.Key}"), HttpStatusCode.OK, Data);
        Assert.Equal(0, first.GetProperty("offset").GetInt32());
        Assert.Equal(10, first.GetProperty("limit").GetInt32());
        var all = first.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(5, all.Count);
        Assert.Equal("198.51.100.24", all[0].GetProperty("ipAddress").GetString());
        Assert.Equal(1, all.Count(r => r.TryGetProperty("customData", out _)));
        // Newest first.
        var dates = all.Select(r => r.GetProperty("date").GetInt64()).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
    }

    [Fact]
    public async Task Post_url()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var response = await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/url?key={tenant.Key}", UrlBody);
        var msg = await AssertSeedAsync(response, HttpStatusCode.Created, CreatedUrl);
        var token = msg.GetProperty("token").GetString()!;
        Assert.Contains("/url/" + token, msg.GetProperty("trackableUrl").GetString());
        Assert.Equal("https://mywebsite.com/", msg.GetProperty("originalUrl").GetString());
        Assert.True(msg.GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public async Task Get_url_and_its_data_after_real_clicks()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var link = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/url?key={tenant.Key}", UrlBody), HttpStatusCode.Created, CreatedUrl);
        var urlId = link.GetProperty("id").GetInt64();

        var info = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/url/{urlId}?key={tenant.Key}"), HttpStatusCode.OK, UrlInfo);
        Assert.Equal(urlId, info.GetProperty("id").GetInt64());
        Assert.Equal(link.GetProperty("token").GetString(), info.GetProperty("token").GetString());
        Assert.Equal(link.GetProperty("trackableUrl").GetString(), info.GetProperty("trackableUrl").GetString());
        Assert.Equal("https://mywebsite.com/", info.GetProperty("originalUrl").GetString());
        Assert.Equal(0, info.GetProperty("timesOpened").GetInt64());
        Assert.Equal(id, info.GetProperty("mailTrackingId").GetInt64());
        Assert.EndsWith($"/tracking/{id}", info.GetProperty("mailTrackingUrl").GetString());
        AssertRecentMillis(info.GetProperty("created"));

        var trackable = link.GetProperty("trackableUrl").GetString()!;
        var click = await tenant.HitAsync(trackable + "?d=" + Uri.EscapeDataString("My custom data"), ip: "203.0.113.40", userAgent: "Mozilla/5.0 (Click 0)");
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Equal("https://mywebsite.com/", click.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.HitAsync(trackable, ip: "203.0.113.41", userAgent: "Mozilla/5.0 (Click 1)")).StatusCode);
        var counted = await tenant.WaitForCountAsync($"/api/v1/url/{urlId}", 2);
        Assert.Equal(2, counted.GetProperty("timesOpened").GetInt64());

        var page = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/url/{urlId}/data?offset=0&limit=10&key={tenant.Key}"), HttpStatusCode.OK, Data);
        Assert.Equal(2, page.GetProperty("timesOpened").GetInt64());
        Assert.Equal(0, page.GetProperty("offset").GetInt32());
        Assert.Equal(10, page.GetProperty("limit").GetInt32());
        var rows = page.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("203.0.113.41", rows[0].GetProperty("ipAddress").GetString());
        Assert.Equal("Mozilla/5.0 (Click 1)", rows[0].GetProperty("userAgent").GetString());
        Assert.False(rows[0].TryGetProperty("customData", out _), rows[0].GetRawText());
        Assert.Equal("203.0.113.40", rows[1].GetProperty("ipAddress").GetString());
        Assert.Equal("My custom data", rows[1].GetProperty("customData").GetString());
        foreach (var row in rows) AssertRecentMillis(row.GetProperty("date"));

        // The seed's paging defaults: offset 0, limit 10.
        var defaults = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/url/{urlId}/data?key={tenant.Key}"), HttpStatusCode.OK, Data);
        Assert.Equal(0, defaults.GetProperty("offset").GetInt32());
        Assert.Equal(10, defaults.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task Delete_url()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var link = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/url?key={tenant.Key}", UrlBody), HttpStatusCode.Created, CreatedUrl);
        var urlId = link.GetProperty("id").GetInt64();

        var msg = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Delete, $"/api/v1/url/{urlId}?key={tenant.Key}"), HttpStatusCode.OK, UrlDeleted);
        Assert.Equal("Trackable url successfully deleted.", msg.GetString());
        await EmbeddedHostTests.AssertErrorAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/url/{urlId}?key={tenant.Key}"), 404, "not_found");
        var tracking = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Get, $"/api/v1/mail-tracking/{id}?key={tenant.Key}"), HttpStatusCode.OK, TrackingInfoWithoutChildren());
        Assert.Equal(0, tracking.GetProperty("trackableUrls").GetArrayLength());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("mt_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    public async Task A_missing_or_invalid_key_is_a_401_on_every_example(string? key)
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        var pixelId = (await tenant.CreatePixelAsync(id)).GetProperty("id").GetInt64();
        var urlId = (await tenant.CreateUrlAsync(id)).GetProperty("id").GetInt64();
        var query = key is null ? "" : "key=" + Uri.EscapeDataString(key);
        string With(string path, string? more = null) => path + "?" + string.Join("&", new[] { more, query }.Where(p => !string.IsNullOrEmpty(p)));

        var examples = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Post, With("/api/v1/mail-tracking"), NameOnlyBody),
            (HttpMethod.Post, With("/api/v1/mail-tracking"), FullBody),
            (HttpMethod.Get, With($"/api/v1/mail-tracking/{id}"), null),
            (HttpMethod.Delete, With($"/api/v1/mail-tracking/{id}"), null),
            (HttpMethod.Post, With($"/api/v1/mail-tracking/{id}/pixel"), null),
            (HttpMethod.Get, With($"/api/v1/pixel/{pixelId}"), null),
            (HttpMethod.Get, With($"/api/v1/pixel/{pixelId}/data", "offset=3&limit=50"), null),
            (HttpMethod.Post, With($"/api/v1/mail-tracking/{id}/url"), UrlBody),
            (HttpMethod.Get, With($"/api/v1/url/{urlId}"), null),
            (HttpMethod.Get, With($"/api/v1/url/{urlId}/data", "offset=0&limit=10"), null),
            (HttpMethod.Delete, With($"/api/v1/url/{urlId}"), null),
        };
        foreach (var (method, path, body) in examples)
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = SeedBody(body);
            var response = await tenant.Anonymous().SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            await EmbeddedHostTests.AssertErrorAsync(response, 401, "authentication_error");
        }

        // Nothing was changed by the refused requests.
        var tracking = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{id}"));
        Assert.Equal(pixelId, tracking.GetProperty("trackingPixel").GetProperty("id").GetInt64());
        Assert.Equal(urlId, Assert.Single(tracking.GetProperty("trackableUrls").EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Missing_data_is_a_400_as_the_seed_table_says()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        await EmbeddedHostTests.AssertErrorAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking?key={tenant.Key}", "{}"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking/{id}/url?key={tenant.Key}", "{}"), 400, "validation_error");
    }

    [Fact]
    public async Task The_key_in_the_query_string_and_the_bearer_header_reach_the_same_account()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateTrackingAsync(tenant);
        Assert.Equal(id, (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{id}"))).GetProperty("id").GetInt64());
        var other = await host.CreateTenantAsync();
        await EmbeddedHostTests.AssertErrorAsync(await SendAsync(other, HttpMethod.Get, $"/api/v1/mail-tracking/{id}?key={other.Key}"), 404, "not_found");
    }

    private static string TrackingInfoWithoutChildren() =>
        TrackingInfo[..TrackingInfo.IndexOf("\"trackingPixel\"", StringComparison.Ordinal)] + "\"trackingPixel\": null, \"trackableUrls\": []}}";

    private static async Task<long> CreateTrackingAsync(Tenant tenant)
    {
        var msg = await AssertSeedAsync(await SendAsync(tenant, HttpMethod.Post, $"/api/v1/mail-tracking?key={tenant.Key}", FullBody), HttpStatusCode.Created, CreatedTracking);
        return msg.GetProperty("id").GetInt64();
    }

    /// <summary>A request as curl sends it: the key in the query string only, and <c>Content-type: application/json</c> without a charset.</summary>
    private static Task<HttpResponseMessage> SendAsync(Tenant tenant, HttpMethod method, string pathAndQuery, string? body = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null) request.Content = SeedBody(body);
        return tenant.Anonymous().SendAsync(request);
    }

    private static ByteArrayContent SeedBody(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Asserts the status and that the body has every field of the seed's example, with the seed's JSON type; gives <c>msg</c>.</summary>
    private static async Task<JsonElement> AssertSeedAsync(HttpResponseMessage response, HttpStatusCode status, string seed)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        using var expected = JsonDocument.Parse(seed);
        AssertShape(expected.RootElement, body, "$");
        Assert.True(body.GetProperty("success").GetBoolean(), text);
        return body.GetProperty("msg").Clone();
    }

    private static void AssertShape(JsonElement seed, JsonElement actual, string path)
    {
        Assert.True(Kind(seed.ValueKind) == Kind(actual.ValueKind), $"{path}: the seed has a {Kind(seed.ValueKind)}, the response a {Kind(actual.ValueKind)}: {actual.GetRawText()}");
        switch (seed.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in seed.EnumerateObject())
                {
                    Assert.True(actual.TryGetProperty(property.Name, out var value), $"{path}.{property.Name} is missing: {actual.GetRawText()}");
                    AssertShape(property.Value, value, $"{path}.{property.Name}");
                }
                break;
            case JsonValueKind.Array when seed.GetArrayLength() > 0:
                var index = 0;
                foreach (var item in actual.EnumerateArray()) AssertShape(seed[0], item, $"{path}[{index++}]");
                break;
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static void AssertRecentMillis(JsonElement value)
    {
        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        Assert.InRange(value.GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
    }
}
