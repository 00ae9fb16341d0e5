using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary><c>Idempotency-Key</c> on the API's POSTs, against the embedded default and PostgreSQL (a new key per test).</summary>
public abstract class IdempotencyApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    [Fact]
    public async Task The_same_post_with_the_same_key_answers_the_first_response_again_and_creates_nothing_more()
    {
        var tenant = await host.CreateTenantAsync();
        var key = NewKey();

        var first = await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Newsletter" }), key);
        var again = await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Newsletter" }), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotency-Replayed")));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType, again.Content.Headers.ContentType);
        Assert.Single(await ListTrackingsAsync(tenant));
    }

    [Fact]
    public async Task Posts_without_a_key_are_not_replayed()
    {
        var tenant = await host.CreateTenantAsync();
        await tenant.CreateTrackingAsync();
        await tenant.CreateTrackingAsync();

        Assert.Equal(2, (await ListTrackingsAsync(tenant)).Count);
    }

    [Fact]
    public async Task The_key_with_another_body_path_or_query_is_a_conflict()
    {
        var tenant = await host.CreateTenantAsync();
        var key = NewKey();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "One" }), key)).StatusCode);

        var otherBody = await EmbeddedHostTests.AssertErrorAsync(await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Two" }), key), 409, "conflict");
        Assert.Contains("another request", otherBody.GetProperty("msg").GetString());
        await EmbeddedHostTests.AssertErrorAsync(await PostAsync(tenant, "/api/v1/mail-tracking?x=1", Json(new { name = "One" }), key), 409, "conflict");
        await EmbeddedHostTests.AssertErrorAsync(await PostAsync(tenant, "/api/v1/api-keys", Json(new { name = "One" }), key), 409, "conflict");
        Assert.Single(await ListTrackingsAsync(tenant));
    }

    [Fact]
    public async Task Keys_are_per_account()
    {
        var (ann, bob) = (await host.CreateTenantAsync(), await host.CreateTenantAsync());
        var key = NewKey();

        var annsTracking = await PostAsync(ann, "/api/v1/mail-tracking", Json(new { name = "Newsletter" }), key);
        var bobsTracking = await PostAsync(bob, "/api/v1/mail-tracking", Json(new { name = "Newsletter" }), key);

        Assert.Equal(HttpStatusCode.Created, bobsTracking.StatusCode);
        Assert.False(bobsTracking.Headers.Contains("Idempotency-Replayed"));
        Assert.NotEqual(await IdAsync(annsTracking), await IdAsync(bobsTracking));
        Assert.Single(await ListTrackingsAsync(bob));
    }

    [Theory]
    [InlineData("ключ")]
    [InlineData("tab\tinside")]
    [InlineData("256")]
    public async Task A_malformed_key_is_a_400_naming_the_header_and_nothing_is_created(string key)
    {
        var tenant = await host.CreateTenantAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/mail-tracking") { Content = Json(new { name = "Newsletter" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key == "256" ? new string('k', 256) : key);

        var error = await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.SendAsync(request), 400, "validation_error");

        Assert.Contains("Idempotency-Key", error.GetProperty("msg").GetString());
        Assert.Empty(await ListTrackingsAsync(tenant));
    }

    [Fact]
    public async Task An_empty_key_is_a_400()
    {
        var tenant = await host.CreateTenantAsync();
        // HttpClient leaves an empty header out: the request is made on the test server itself.
        var context = await host.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = "/api/v1/mail-tracking";
            c.Request.Headers.Authorization = "Bearer " + tenant.Key;
            c.Request.Headers["Idempotency-Key"] = "";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream("{\"name\":\"Newsletter\"}"u8.ToArray());
        });

        Assert.Equal(400, context.Response.StatusCode);
        var error = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Contains("Idempotency-Key", error.GetProperty("msg").GetString());
        Assert.Empty(await ListTrackingsAsync(tenant));
    }

    [Fact]
    public async Task Two_values_of_the_header_are_a_400()
    {
        var tenant = await host.CreateTenantAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/mail-tracking") { Content = Json(new { name = "Newsletter" }) };
        request.Headers.Add("Idempotency-Key", [NewKey(), NewKey()]);

        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.SendAsync(request), 400, "validation_error");
    }

    [Fact]
    public async Task A_255_character_key_of_every_printable_character_works()
    {
        var tenant = await host.CreateTenantAsync();
        var printable = string.Concat(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c));
        var key = (printable + printable + printable)[..255];

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "A" }), key)).StatusCode);
        Assert.True((await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "A" }), key)).Headers.Contains("Idempotency-Replayed"));
    }

    [Fact]
    public async Task Parallel_posts_with_one_key_create_one_tracking_and_the_others_replay_it_or_are_told_it_is_in_progress()
    {
        var tenant = await host.CreateTenantAsync();
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Race" }), key))));

        var trackings = await ListTrackingsAsync(tenant);
        var created = Assert.Single(trackings).GetProperty("id").GetInt64();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Created) Assert.Equal(created, await IdAsync(response));
            else Assert.Contains("in progress", (await EmbeddedHostTests.AssertErrorAsync(response, 409, "conflict")).GetProperty("msg").GetString());
        }
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotency-Replayed"));
    }

    [Fact]
    public async Task Bulk_recipients_replay_the_same_tokens()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        await tenant.CreatePixelAsync(tracking);
        var key = NewKey();
        var body = new { emails = Enumerable.Range(0, 50).Select(i => $"reader{i}@example.com").ToArray() };

        var first = await PostAsync(tenant, $"/api/v1/mail-tracking/{tracking}/recipients", Json(body), key);
        var again = await PostAsync(tenant, $"/api/v1/mail-tracking/{tracking}/recipients", Json(body), key);

        Assert.True(again.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(first.StatusCode, again.StatusCode);
        var tokens = await TokensAsync(first);
        Assert.Equal(50, tokens.Count);
        Assert.Equal(tokens, await TokensAsync(again));
    }

    [Fact]
    public async Task A_pixel_upload_retried_with_a_new_multipart_boundary_is_the_same_request()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        var key = NewKey();
        HttpContent Upload(byte[] image) => new MultipartFormDataContent("boundary-" + Guid.NewGuid()) { { new ByteArrayContent(image), "image", "logo.png" } };

        var first = await PostAsync(tenant, $"/api/v1/mail-tracking/{tracking}/pixel", Upload(png), key);
        var again = await PostAsync(tenant, $"/api/v1/mail-tracking/{tracking}/pixel", Upload(png), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(await IdAsync(first), await IdAsync(again));
        // Another image is another request.
        await EmbeddedHostTests.AssertErrorAsync(await PostAsync(tenant, $"/api/v1/mail-tracking/{tracking}/pixel", Upload([.. png, 0]), key), 409, "conflict");
    }

    [Fact]
    public async Task A_client_error_is_answered_again_but_a_request_refused_before_it_ran_is_not_kept()
    {
        var tenant = await host.CreateTenantAsync();
        var key = NewKey();
        await EmbeddedHostTests.AssertErrorAsync(await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "" }), key), 400, "validation_error");
        var replayed = await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "" }), key);
        await EmbeddedHostTests.AssertErrorAsync(replayed, 400, "validation_error");
        Assert.True(replayed.Headers.Contains("Idempotency-Replayed"));

        // Unauthenticated: no account, so no key is taken, and the key still works for the account.
        var anonymous = new HttpRequestMessage(HttpMethod.Post, "/api/v1/mail-tracking") { Content = Json(new { name = "Later" }) };
        var laterKey = NewKey();
        anonymous.Headers.Add("Idempotency-Key", laterKey);
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Anonymous().SendAsync(anonymous), 401, "authentication_error");
        var later = await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Later" }), laterKey);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.False(later.Headers.Contains("Idempotency-Replayed"));
    }

    [Fact]
    public async Task A_body_that_does_not_bind_is_a_400_that_the_next_request_with_the_key_runs_again()
    {
        var tenant = await host.CreateTenantAsync();
        var key = NewKey();
        var broken = new StringContent("{\"name\":", Encoding.UTF8, "application/json");
        await EmbeddedHostTests.AssertErrorAsync(await PostAsync(tenant, "/api/v1/mail-tracking", broken, key), 400, "validation_error");

        // The same key on a corrected body: the broken one was not kept (it never reached the endpoint).
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Fixed" }), key)).StatusCode);
    }

    [Theory]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n\r\nno closing boundary")]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"image\"")]
    [InlineData("not multipart at all")]
    public async Task A_malformed_multipart_body_with_a_key_is_a_400(string body)
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");

        await EmbeddedHostTests.AssertErrorAsync(await PostAsync(tenant, $"/api/v1/mail-tracking/{tracking}/pixel", content, NewKey()), 400, "validation_error");
    }

    [Fact]
    public async Task Tracks_are_replayed_too()
    {
        var tenant = await host.CreateTenantAsync();
        var key = NewKey();
        var body = new { recipient = "reader@example.com", subject = "Hello", campaign = "Spring" };

        var first = await PostAsync(tenant, "/api/v1/tracks", Json(body), key);
        var again = await PostAsync(tenant, "/api/v1/tracks", Json(body), key);

        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        Assert.True(again.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task After_24_hours_the_key_runs_its_request_again()
    {
        var tenant = await host.CreateTenantAsync();
        var key = NewKey();
        var first = await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Daily" }), key);
        host.Clock.Advance(TimeSpan.FromHours(23));
        Assert.True((await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Daily" }), key)).Headers.Contains("Idempotency-Replayed"));

        host.Clock.Advance(TimeSpan.FromHours(1));
        var next = await PostAsync(tenant, "/api/v1/mail-tracking", Json(new { name = "Daily" }), key);

        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        Assert.False(next.Headers.Contains("Idempotency-Replayed"));
        Assert.NotEqual(await IdAsync(first), await IdAsync(next));
        Assert.Equal(2, (await ListTrackingsAsync(tenant)).Count);
    }

    private static async Task<HttpResponseMessage> PostAsync(Tenant tenant, string path, HttpContent content, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await tenant.Client.SendAsync(request);
    }

    private static JsonContent Json(object body) => JsonContent.Create(body);

    private static string NewKey() => "key-" + Guid.NewGuid();

    private static async Task<long> IdAsync(HttpResponseMessage response) => (await Tenant.MsgAsync(response)).GetProperty("id").GetInt64();

    private static async Task<List<string>> TokensAsync(HttpResponseMessage response) =>
        [.. (await Tenant.MsgAsync(response)).GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("token").GetString()!)];

    private static async Task<List<JsonElement>> ListTrackingsAsync(Tenant tenant) =>
        [.. (await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/mail-tracking"))).GetProperty("mailTrackings").EnumerateArray()];
}
