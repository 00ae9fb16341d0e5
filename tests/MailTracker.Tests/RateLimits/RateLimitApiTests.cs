using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.RateLimits;

/// <summary>
/// Requests per minute per API key, the bulk generation limit and the plan quotas through HTTP, against the embedded default
/// and PostgreSQL. Each test starts at the beginning of a minute of the host's clock, so its requests share one window.
/// </summary>
public abstract class RateLimitApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    [Fact]
    public async Task Every_answer_to_a_key_carries_its_limit_and_the_remaining_requests_and_past_the_limit_a_429_says_when_to_retry()
    {
        var tenant = await host.CreateTenantAsync();
        var issued = await tenant.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "five a minute", environment = "test", rate_limit = 5 });
        var key = await Tenant.MsgAsync(issued);
        Assert.Equal(5, key.GetProperty("rate_limit").GetInt32());
        var listed = (await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/api-keys"))).EnumerateArray().ToList();
        Assert.Contains(listed, k => k.GetProperty("rate_limit").ValueKind == JsonValueKind.Number && k.GetProperty("rate_limit").GetInt32() == 5);
        using var client = Client(key.GetProperty("key").GetString()!);
        var windowEnd = StartOfNextMinute();

        // Success, a 404 and a 400 alike count and carry the headers; the window ends on the minute.
        var answers = new List<HttpResponseMessage>
        {
            await client.GetAsync("/api/v1/mail-tracking"),
            await client.GetAsync("/api/v1/mail-tracking/123456789"),
            await client.PostAsJsonAsync("/api/v1/mail-tracking", new { name = "" }),
            await client.GetAsync("/api/v1/blacklist"),
            await client.GetAsync("/api/v1/no-such-endpoint"),
        };
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.NotFound],
            answers.Select(a => a.StatusCode));
        var headers = answers.Select(RateLimitHeaders.Of).ToList();
        Assert.All(headers, h => Assert.Equal(5, h.Limit));
        Assert.Equal([4, 3, 2, 1, 0], headers.Select(h => h.Remaining));
        Assert.All(headers, h => Assert.Equal(windowEnd.ToUnixTimeSeconds(), h.Reset));

        var refused = await client.GetAsync("/api/v1/mail-tracking");
        var body = await EmbeddedHostTests.AssertErrorAsync(refused, 429, "rate_limit_exceeded");
        Assert.Contains("5 requests per minute", body.GetProperty("msg").GetString());
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(new RateLimitHeaders(5, 0, windowEnd.ToUnixTimeSeconds()), RateLimitHeaders.Of(refused));

        // The next minute is a new window; the other keys of the account were never limited by this one.
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.GetAsync("/api/v1/mail-tracking")).StatusCode);
        host.Clock.Advance(windowEnd - host.Clock.GetUtcNow());
        var next = await client.GetAsync("/api/v1/mail-tracking");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(new RateLimitHeaders(5, 4, windowEnd.AddMinutes(1).ToUnixTimeSeconds()), RateLimitHeaders.Of(next));
    }

    [Fact]
    public async Task A_key_without_its_own_limit_has_its_plans_and_a_bad_rate_limit_is_refused()
    {
        var (accountId, key) = await NewAccountAsync("indie", rateLimit: null);
        using var client = Client(key);
        StartOfNextMinute();
        var answer = await client.GetAsync("/api/v1/mail-tracking");
        Assert.Equal(new RateLimitHeaders(120, 119, StartOfMinuteAfter(host.Clock.GetUtcNow()).ToUnixTimeSeconds()), RateLimitHeaders.Of(answer));

        var admin = host.CreateAdminClient();
        foreach (var bad in new object[] { new { name = "k", rate_limit = 0 }, new { name = "k", rate_limit = -3 } })
        {
            var response = await admin.PostAsJsonAsync($"/admin/v1/accounts/{accountId}/api-keys", bad);
            Assert.Contains("rate_limit", (await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error")).GetProperty("msg").GetString());
        }
        var notANumber = await admin.PostAsync($"/admin/v1/accounts/{accountId}/api-keys",
            new StringContent("{\"name\":\"k\",\"rate_limit\":\"fast\"}", System.Text.Encoding.UTF8, "application/json"));
        await EmbeddedHostTests.AssertErrorAsync(notANumber, 400, "validation_error");
        var own = await Tenant.MsgAsync(await admin.PostAsJsonAsync($"/admin/v1/accounts/{accountId}/api-keys", new { name = "k", rate_limit = 7 }));
        Assert.Equal(7, own.GetProperty("rate_limit").GetInt32());
        Assert.Equal(7, RateLimitHeaders.Of(await Client(own.GetProperty("key").GetString()!).GetAsync("/api/v1/blacklist")).Limit);
    }

    [Fact]
    public async Task Hits_pages_docs_health_and_the_operator_api_are_never_limited_and_spend_nothing_of_a_key()
    {
        var (_, key) = await NewAccountAsync("free", rateLimit: 3);
        using var client = Client(key);
        StartOfNextMinute();
        var tracking = (await Tenant.MsgAsync(await client.PostAsJsonAsync("/api/v1/mail-tracking", new { name = "Hits" }))).GetProperty("id").GetInt64();
        var pixel = await Tenant.MsgAsync(await client.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null));
        var pixelPath = new Uri(pixel.GetProperty("url").GetString()!).PathAndQuery;

        var anonymous = host.CreateNoRedirectClient();
        for (var i = 0; i < 150; i++)
        {
            var hit = await anonymous.GetAsync(pixelPath + "?d=" + i.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
            Assert.False(RateLimitHeaders.Present(hit));
        }
        // The key in the query of a hit is nobody's business but the page's: still no limit.
        Assert.False(RateLimitHeaders.Present(await anonymous.GetAsync(pixelPath + "&key=" + key)));
        foreach (var path in new[] { "/health/live", "/openapi/v1.json", $"/tracking/{tracking}" })
        {
            Assert.False(RateLimitHeaders.Present(await anonymous.GetAsync(path)), path);
        }
        var admin = host.CreateAdminClient();
        for (var i = 0; i < 5; i++) Assert.False(RateLimitHeaders.Present(await admin.GetAsync("/admin/v1/accounts")));

        // Two requests of the key so far: its third is still allowed, the fourth is not.
        var third = await client.GetAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(0, RateLimitHeaders.Of(third).Remaining);
        await EmbeddedHostTests.AssertErrorAsync(await client.GetAsync("/api/v1/mail-tracking"), 429, "rate_limit_exceeded");
    }

    [Fact]
    public async Task An_account_makes_ten_bulk_recipient_generations_per_fifteen_minutes()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var other = await host.CreateTenantAsync();
        var theirs = (await other.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var windowEnd = StartOfNextWindow(TimeSpan.FromMinutes(15));

        // A bad request and someone else's tracking cost no generation.
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = Array.Empty<string>() }), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{theirs}/recipients", new { emails = new[] { "a@example.com" } }), 404, "not_found");
        for (var i = 0; i < 10; i++)
        {
            var created = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { $"r{i}@example.com" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var refused = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "late@example.com" } });
        var body = await EmbeddedHostTests.AssertErrorAsync(refused, 429, "rate_limit_exceeded");
        Assert.Contains("10 per 15 minutes", body.GetProperty("msg").GetString());
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        Assert.True(RateLimitHeaders.Present(refused));
        // Nothing was created by the refused request; other accounts and single tracks go on.
        var emails = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{tracking}/recipients"))).GetProperty("recipients")
            .EnumerateArray().Select(r => r.GetProperty("email").GetString()).ToList();
        Assert.DoesNotContain("late@example.com", emails);
        Assert.Equal(HttpStatusCode.Created, (await other.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{theirs}/recipients", new { emails = new[] { "a@example.com" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "single@example.com" })).StatusCode);

        host.Clock.Advance(windowEnd - host.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.Created,
            (await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "late@example.com" } })).StatusCode);
    }

    [Fact]
    public async Task Past_the_plans_mail_trackings_per_day_a_403_names_the_quota_and_the_next_utc_day_allows_more()
    {
        var (_, key) = await NewAccountAsync("free", ApiTestHost.UnlimitedRate);
        using var client = Client(key);
        // Early in a UTC day, so that the day does not end during the test.
        var now = host.Clock.GetUtcNow();
        host.Clock.Advance(now.UtcDateTime.Date.AddDays(1).AddMinutes(1) - now.UtcDateTime);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/mail-tracking", new { name = $"T{i}" })).StatusCode);
        }
        var refused = await client.PostAsJsonAsync("/api/v1/mail-tracking", new { name = "one too many" });
        var message = (await EmbeddedHostTests.AssertErrorAsync(refused, 403, "limit_exceeded")).GetProperty("msg").GetString()!;
        Assert.Contains("free plan", message);
        Assert.Contains("100 mail trackings per day", message);
        Assert.Equal(100, (await Tenant.MsgAsync(await client.GetAsync("/api/v1/mail-tracking?limit=100"))).GetProperty("mailTrackings").GetArrayLength());

        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/mail-tracking", new { name = "tomorrow" })).StatusCode);
    }

    [Fact]
    public async Task Past_the_plans_recipients_per_month_bulk_and_single_tracks_get_a_403_and_repeated_emails_cost_nothing()
    {
        var (_, key) = await NewAccountAsync("free", ApiTestHost.UnlimitedRate);
        using var client = Client(key);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        host.Clock.Advance(new DateTime(now.Year, now.Month, 1, 0, 1, 0, DateTimeKind.Utc).AddMonths(1) - now);
        var tracking = (await Tenant.MsgAsync(await client.PostAsJsonAsync("/api/v1/mail-tracking", new { name = "Quota" }))).GetProperty("id").GetInt64();
        var emails = Enumerable.Range(0, 999).Select(i => $"q{i}@example.com").ToArray();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = emails[..990] })).StatusCode);
        // The same emails again create nothing and count nothing: 990 + 9 + 1 is the plan's 1000.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = emails[..10] })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = emails[990..] })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "thousandth@example.com" })).StatusCode);

        var refused = await client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "over@example.com" } });
        var message = (await EmbeddedHostTests.AssertErrorAsync(refused, 403, "limit_exceeded")).GetProperty("msg").GetString()!;
        Assert.Contains("free plan", message);
        Assert.Contains("1000 recipients per month", message);
        await EmbeddedHostTests.AssertErrorAsync(await client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "over@example.com" }), 403, "limit_exceeded");

        host.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "over@example.com" } })).StatusCode);
    }

    /// <summary>Moves the host's clock to the first second of the next minute and gives that minute's end.</summary>
    private DateTimeOffset StartOfNextMinute() => StartOfNextWindow(TimeSpan.FromMinutes(1));

    private DateTimeOffset StartOfNextWindow(TimeSpan length)
    {
        var now = host.Clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % length.Ticks, TimeSpan.Zero) + length;
        host.Clock.Advance(start + TimeSpan.FromSeconds(1) - now);
        return start + length;
    }

    private static DateTimeOffset StartOfMinuteAfter(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);

    private async Task<(long AccountId, string Key)> NewAccountAsync(string plan, int? rateLimit)
    {
        var admin = host.CreateAdminClient();
        var account = await Tenant.MsgAsync(await admin.PostAsJsonAsync("/admin/v1/accounts", new { name = "Limits " + Guid.NewGuid().ToString("N")[..8], plan }));
        var id = account.GetProperty("id").GetInt64();
        var issued = await Tenant.MsgAsync(await admin.PostAsJsonAsync($"/admin/v1/accounts/{id}/api-keys", new { name = "k", rate_limit = rateLimit }));
        return (id, issued.GetProperty("key").GetString()!);
    }

    private HttpClient Client(string key)
    {
        var client = host.CreateNoRedirectClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
