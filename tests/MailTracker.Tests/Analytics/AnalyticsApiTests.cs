using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Analytics;

/// <summary>
/// Analytics as an integrator reads them: hits fired with known clients, devices, places (MaxMind's GeoIP2 City test database)
/// and times, then the numbers of <c>/api/v1/analytics</c> and <c>/api/v1/analytics/emails</c>.
/// </summary>
public abstract class AnalyticsApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    // Google's image proxy (a person's open, client Gmail, no device), Apple Mail on an iPhone, Outlook on Windows, and a
    // script (a bot: an HTTP library).
    private const string GmailProxy = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";
    private const string IphoneMail = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
    private const string OutlookWindows = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)";
    private const string Script = "python-requests/2.31.0";

    // In the GeoIP2 City test database: London (United Kingdom), Milton (United States).
    private const string London = "81.2.69.142";
    private const string Milton = "216.160.83.56";

    [Fact]
    public async Task A_trackings_analytics_count_hits_people_clients_devices_countries_and_hours()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(tracking);
        var link = await tenant.CreateUrlAsync(tracking);
        var recipients = (await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients",
            new { emails = new[] { "ann@example.com", "bob@example.com", "cat@example.com", "dan@example.com" } }))).GetProperty("recipients");
        host.Clock.Advance(TimeSpan.FromMinutes(3)); // read three minutes after the send: not too soon for a person
        var now = host.Clock.GetUtcNow();
        string Personal(int i) => recipients[i].GetProperty("pixelUrl").GetString()!;
        string PersonalLink(int i) => recipients[i].GetProperty("links")[0].GetProperty("url").GetString()!;

        await tenant.HitAsync(Personal(0), ip: London, userAgent: IphoneMail);
        await tenant.HitAsync(Personal(0), ip: London, userAgent: IphoneMail);   // ann again: one person, two opens
        await tenant.HitAsync(Personal(1), ip: Milton, userAgent: OutlookWindows);
        await tenant.HitAsync(Personal(2), ip: Milton, userAgent: GmailProxy);    // through Google's proxy: its address is Google's
        await tenant.HitAsync(Personal(3), ip: London, userAgent: Script);         // a bot: counted, but no person
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!, ip: London, userAgent: OutlookWindows); // no recipient
        await tenant.HitAsync(PersonalLink(1), ip: Milton, userAgent: OutlookWindows);
        await tenant.HitAsync(PersonalLink(3), ip: London, userAgent: Script);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}", 6);
        await tenant.WaitForCountAsync($"/api/v1/url/{link.GetProperty("id").GetInt64()}", 2);

        var analytics = await AnalyticsAsync(tenant, $"mailTrackingId={tracking}&period=7d");
        var summary = analytics.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("totalTracks").GetInt64());
        Assert.Equal(6, summary.GetProperty("totalOpens").GetInt64());
        Assert.Equal(5, summary.GetProperty("humanOpens").GetInt64());
        Assert.Equal(1, summary.GetProperty("botOpens").GetInt64());
        Assert.Equal(1, summary.GetProperty("proxyOpens").GetInt64());
        Assert.Equal(3, summary.GetProperty("uniqueOpens").GetInt64());   // ann, bob, cat (dan's open was a bot's)
        Assert.Equal(75.0, summary.GetProperty("openRate").GetDouble());
        Assert.Equal(2, summary.GetProperty("totalClicks").GetInt64());
        Assert.Equal(1, summary.GetProperty("humanClicks").GetInt64());
        Assert.Equal(1, summary.GetProperty("botClicks").GetInt64());
        Assert.Equal(1, summary.GetProperty("uniqueClicks").GetInt64());
        Assert.Equal(25.0, summary.GetProperty("clickRate").GetDouble());

        // Human opens only.
        Assert.Equal(new Dictionary<string, long> { ["Outlook"] = 2, ["Apple Mail"] = 2, ["Gmail"] = 1 }, Counts(analytics, "emailClients"));
        Assert.Equal(new Dictionary<string, long> { ["iPhone"] = 2, ["Desktop"] = 2, ["Unknown"] = 1 }, Counts(analytics, "devices"));
        Assert.Equal(new Dictionary<string, long> { ["United Kingdom"] = 3, ["United States"] = 1, ["Unknown"] = 1 }, Counts(analytics, "countries"));
        var hours = analytics.GetProperty("timeOfDay").EnumerateArray().Select(h => h.GetInt64()).ToArray();
        Assert.Equal(24, hours.Length);
        Assert.Equal(5, hours[now.Hour]);
        Assert.Equal(5, hours.Sum());
        var timeline = analytics.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(7, timeline.Count);
        var today = timeline.Single(p => p.GetProperty("date").GetString() == now.ToString("yyyy-MM-dd"));
        Assert.Equal(6, today.GetProperty("opens").GetInt64());
        Assert.Equal(2, today.GetProperty("clicks").GetInt64());
        Assert.Equal(4, today.GetProperty("tracks").GetInt64());
        Assert.Equal(6, timeline.Sum(p => p.GetProperty("opens").GetInt64()));
    }

    [Fact]
    public async Task Days_and_hours_are_the_time_zones_and_periods_select_by_time()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(tracking);
        var now = host.Clock.GetUtcNow();
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!, userAgent: OutlookWindows);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}", 1);

        // India is 5:30 ahead of UTC: the open's local hour (and maybe day) moves with it.
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var local = TimeZoneInfo.ConvertTime(now, kolkata);
        var analytics = await AnalyticsAsync(tenant, $"mailTrackingId={tracking}&timezone=Asia/Kolkata&period=7d");
        Assert.Equal(1, analytics.GetProperty("timeOfDay")[local.Hour].GetInt64());
        Assert.Equal(local.ToString("yyyy-MM-dd"), analytics.GetProperty("timeline").EnumerateArray().Last().GetProperty("date").GetString());
        Assert.Equal("Asia/Kolkata", analytics.GetProperty("timezone").GetString());

        var monthly = await AnalyticsAsync(tenant, $"mailTrackingId={tracking}&groupBy=month&period=90d");
        Assert.Equal(now.ToString("yyyy-MM"), monthly.GetProperty("timeline").EnumerateArray().Last().GetProperty("date").GetString());
        Assert.Equal(1, monthly.GetProperty("timeline").EnumerateArray().Sum(p => p.GetProperty("opens").GetInt64()));

        // A period that ended before the open does not count it; one that covers it does.
        var before = await AnalyticsAsync(tenant, $"mailTrackingId={tracking}&from={now.AddDays(-3):yyyy-MM-dd}&to={now.AddDays(-1):yyyy-MM-dd}");
        Assert.Equal(0, before.GetProperty("summary").GetProperty("totalOpens").GetInt64());
        var covering = await AnalyticsAsync(tenant, $"mailTrackingId={tracking}&from={Uri.EscapeDataString(now.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}");
        Assert.Equal(1, covering.GetProperty("summary").GetProperty("totalOpens").GetInt64());
    }

    [Fact]
    public async Task The_account_and_a_campaign_add_up_their_trackings_and_email_stats_count_only_sent_messages()
    {
        var tenant = await host.CreateTenantAsync();
        var first = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "one@example.com", campaign = "spring" }));
        var second = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "two@example.com", campaign = "autumn" }));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await tenant.HitAsync(first.GetProperty("pixelUrl").GetString()!, userAgent: IphoneMail);
        await tenant.HitAsync(second.GetProperty("pixelUrl").GetString()!, userAgent: OutlookWindows);
        var bounced = await tenant.Client.PostAsync($"/api/v1/recipients/{second.GetProperty("id").GetInt64()}/bounced", null);
        Assert.Equal(HttpStatusCode.OK, bounced.StatusCode);

        var account = await WaitForOpensAsync(tenant, "period=30d", 2);
        Assert.Equal(2, account.GetProperty("summary").GetProperty("totalTracks").GetInt64());
        Assert.Equal(1, account.GetProperty("summary").GetProperty("bounced").GetInt64());
        var spring = await AnalyticsAsync(tenant, "campaign=spring");
        Assert.Equal(1, spring.GetProperty("summary").GetProperty("totalOpens").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["Apple Mail"] = 1 }, Counts(spring, "emailClients"));

        // Tracks are mail sent elsewhere: TrackPost's stats count only the messages MailTracker sent (Emails tests), each day as 0.
        var emails = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/analytics/emails?group_by=day"));
        var total = emails.GetProperty("total");
        Assert.Equal((0, 0, 0), (total.GetProperty("sent").GetInt64(), total.GetProperty("bounced").GetInt64(), total.GetProperty("opened").GetInt64()));
        Assert.Equal(30, emails.GetProperty("by_date").GetArrayLength());
        var springEmails = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/analytics/emails?campaign=spring"));
        Assert.Equal(0, springEmails.GetProperty("total").GetProperty("sent").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Client.GetAsync("/api/v1/analytics/emails?campaign=winter")).StatusCode);

        // Another account sees none of it.
        var other = await host.CreateTenantAsync();
        var theirs = await AnalyticsAsync(other, "period=30d");
        Assert.Equal(0, theirs.GetProperty("summary").GetProperty("totalOpens").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync("/api/v1/analytics?campaign=spring")).StatusCode);
    }

    [Theory]
    [InlineData("period=2w", "period")]
    [InlineData("groupBy=year", "groupBy")]
    [InlineData("timezone=Mars/Olympus", "timezone")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("period=7d&from=2026-01-01", "period")]
    [InlineData("mailTrackingId=abc", "mailTrackingId")]
    [InlineData("mailTrackingId=1&campaign=x", "mailTrackingId")]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("to=0001-01-02", "to")]
    [InlineData("from=0001-01-01&timezone=Pacific/Kiritimati", "from")]
    public async Task Bad_analytics_requests_are_400_naming_the_parameter(string query, string named)
    {
        var tenant = await host.CreateTenantAsync();
        var response = await tenant.Client.GetAsync($"/api/v1/analytics?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("validation_error", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(named, body.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_accounts_tracking_and_an_unknown_one_are_the_same_404()
    {
        var owner = await host.CreateTenantAsync();
        var tracking = (await owner.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var stranger = await host.CreateTenantAsync();
        var foreign = await stranger.Client.GetAsync($"/api/v1/analytics?mailTrackingId={tracking}");
        var unknown = await stranger.Client.GetAsync($"/api/v1/analytics?mailTrackingId={tracking + 1_000_000}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/v1/analytics/emails?mailTrackingId={tracking}")).StatusCode);
    }

    private static async Task<JsonElement> AnalyticsAsync(Tenant tenant, string query)
    {
        var response = await tenant.Client.GetAsync($"/api/v1/analytics?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Tenant.MsgAsync(response);
    }

    /// <summary>Reads the account's analytics until the opens are counted (the tailers count within about a second).</summary>
    private static async Task<JsonElement> WaitForOpensAsync(Tenant tenant, string query, long opens)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var analytics = await AnalyticsAsync(tenant, query);
            if (analytics.GetProperty("summary").GetProperty("totalOpens").GetInt64() >= opens || DateTime.UtcNow > deadline) return analytics;
            await Task.Delay(50);
        }
    }

    private static Dictionary<string, long> Counts(JsonElement analytics, string name) =>
        analytics.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
