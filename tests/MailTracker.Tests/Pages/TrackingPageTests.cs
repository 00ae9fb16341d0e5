using System.Text.Json;
using Deque.AxeCore.Playwright;
using MailTracker.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MailTracker.Tests.Pages;

/// <summary>
/// The tracking page in a real browser, as a person uses it: sign-in, charts from real hits, privacy, isolation, live
/// updates, the log's pages, phone width and accessibility. Run on both backends (Embedded*, Postgres*).
/// </summary>
public abstract class TrackingPageTests(ApiTestHost host, ChromiumBrowser chromium)
{
    private const string Thunderbird = "Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0";
    private const string IPhoneMail = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
    private const string London = "81.2.69.142";
    private const string Milton = "216.160.83.56";

    /// <summary>How long the page may take to show a hit counted elsewhere (the live channel's budget is 2 s).</summary>
    private const float LiveTimeoutMs = 5_000;

    [Fact]
    public async Task Signing_in_with_a_wrong_key_shows_an_error_and_with_the_right_key_opens_the_page()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = await tenant.CreateTrackingAsync(new { name = "Spring newsletter" });
        var page = await chromium.NewPageAsync(host.BaseAddress);

        await page.GotoAsync($"/tracking/{Id(tracking)}");
        Assert.EndsWith("/tracking/sign-in?returnUrl=%2Ftracking%2F" + Id(tracking), page.Url);

        const string wrongKey = "mt_live_ThisKeyWasNeverIssuedToAnyone0000";
        await page.FillAsync("#key", wrongKey);
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]:text('Sign in')"), r => r.Request.IsNavigationRequest);
        await page.WaitForLoadStateAsync();
        Assert.Equal(401, refused.Status);
        Assert.Contains("not a valid API key", await page.TextContentAsync("#sign-in-error"));
        Assert.DoesNotContain(wrongKey, await page.ContentAsync());

        await page.FillAsync("#key", tenant.Key);
        await page.ClickAsync("button[type=submit]:text('Sign in')");
        await page.WaitForURLAsync($"**/tracking/{Id(tracking)}");
        Assert.Equal("Spring newsletter", await page.TextContentAsync("h1"));
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "mt_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        await Screenshot(page, "signed-in");

        await page.ClickAsync("text=Sign out");
        await page.WaitForURLAsync("**/tracking/sign-in");
        await page.GotoAsync($"/tracking/{Id(tracking)}");
        Assert.Contains("/tracking/sign-in", page.Url);
    }

    [Fact]
    public async Task The_charts_are_drawn_from_real_hits_with_their_clients_devices_and_countries()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = await tenant.CreateTrackingAsync(new { name = "Charts" });
        var pixel = await tenant.CreatePixelAsync(Id(tracking));
        var url = pixel.GetProperty("url").GetString()!;
        await tenant.HitAsync(url, London, IPhoneMail);
        await tenant.HitAsync(url, London, IPhoneMail);
        await tenant.HitAsync(url, Milton, Thunderbird);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{Id(pixel)}", 3);

        var page = await SignedInPageAsync(tenant, Id(tracking));
        // The rollups may trail the counters by a moment: the live channel brings them.
        await page.WaitForFunctionAsync("() => document.querySelector('[data-counter=humanOpens]').textContent === '3'", null, new() { Timeout = LiveTimeoutMs });

        var location = await ChartDataAsync(page, "location");
        Assert.Equal(["United Kingdom", "United States"], Labels(location));
        Assert.Equal([2, 1], Values(location));
        var devices = await ChartDataAsync(page, "devices");
        Assert.Equal(["iPhone", "Desktop"], Labels(devices));
        Assert.Equal([2, 1], Values(devices));
        Assert.Equal(3, Values(await ChartDataAsync(page, "timesOpened")).Sum());
        var hours = Values(await ChartDataAsync(page, "timeOfDay"));
        Assert.Equal(24, hours.Length);
        Assert.Equal(3, hours[DateTime.UtcNow.Hour] + hours[(DateTime.UtcNow.Hour + 23) % 24]);

        var log = await page.Locator("#log-rows tr").AllInnerTextsAsync();
        Assert.Equal(3, log.Count);
        Assert.Contains("Thunderbird", log[0]);
        Assert.Contains("Milton, United States", log[0]);
        Assert.Contains("London, United Kingdom", log[2]);
        await Screenshot(page, "charts");
    }

    [Fact]
    public async Task A_tracking_without_addresses_user_agents_or_dates_draws_none_of_their_charts()
    {
        var tenant = await host.CreateTenantAsync();
        var noIps = await tenant.CreateTrackingAsync(new { name = "No IPs", trackIpAddresses = false });
        var pixel = await tenant.CreatePixelAsync(Id(noIps));
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!, London, IPhoneMail);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{Id(pixel)}", 1);

        var page = await SignedInPageAsync(tenant, Id(noIps));
        Assert.Equal(0, await page.Locator("#chart-location").CountAsync());
        Assert.Contains("does not store IP addresses", await page.TextContentAsync("[data-withheld=location]"));
        Assert.Equal(1, await page.Locator("#chart-devices").CountAsync());
        Assert.Contains("Unknown", await page.Locator("#log-rows tr").First.InnerTextAsync());

        var nothing = await tenant.CreateTrackingAsync(new { name = "Nothing", trackIpAddresses = false, trackUserAgents = false, trackDateTimes = false });
        await page.GotoAsync($"/tracking/{Id(nothing)}");
        Assert.Equal(0, await page.Locator("canvas").CountAsync());
        foreach (var chart in new[] { "location", "devices", "timesOpened", "timeOfDay" })
        {
            Assert.Equal(1, await page.Locator($"[data-withheld={chart}]").CountAsync());
        }
        await Screenshot(page, "privacy");
    }

    [Fact]
    public async Task Another_accounts_tracking_answers_the_same_404_page_as_an_unknown_id()
    {
        var owner = await host.CreateTenantAsync();
        var other = await host.CreateTenantAsync();
        var tracking = await owner.CreateTrackingAsync(new { name = "Private plans" });

        var page = await SignedInPageAsync(other, null);
        var foreign = await page.GotoAsync($"/tracking/{Id(tracking)}");
        var foreignBody = await foreign!.TextAsync();
        var unknown = await page.GotoAsync($"/tracking/{Id(tracking) + 987_654_321}");
        var unknownBody = await unknown!.TextAsync();
        var notANumber = await page.GotoAsync("/tracking/not-a-tracking");

        Assert.Equal(404, foreign.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(404, notANumber!.Status);
        Assert.Equal(unknownBody, foreignBody);
        Assert.DoesNotContain("Private plans", foreignBody);
        var live = await page.APIRequest.GetAsync($"/tracking/{Id(tracking)}/live");
        Assert.Equal(404, live.Status);
        Assert.Equal(unknownBody, await live.TextAsync());
    }

    [Fact]
    public async Task A_hit_appears_on_an_open_page_without_a_reload()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = await tenant.CreateTrackingAsync(new { name = "Live" });
        var pixel = await tenant.CreatePixelAsync(Id(tracking));
        var link = await tenant.CreateUrlAsync(Id(tracking), "https://example.com/offer");
        var page = await SignedInPageAsync(tenant, Id(tracking));
        await page.WaitForFunctionAsync("() => document.getElementById('live-status').textContent.includes('on')", null, new() { Timeout = LiveTimeoutMs });
        Assert.Equal(0, await page.Locator("#log-rows tr").CountAsync());

        await tenant.HitAsync(pixel.GetProperty("url").GetString()!, Milton, Thunderbird);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#log-rows tr').length === 1", null, new() { Timeout = LiveTimeoutMs });
        Assert.Contains("Open", await page.Locator("#log-rows tr").First.InnerTextAsync());

        await tenant.HitAsync(link.GetProperty("trackableUrl").GetString()!, London, Thunderbird);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#log-rows tr').length === 2", null, new() { Timeout = LiveTimeoutMs });
        Assert.Contains("Click: https://example.com/offer", await page.Locator("#log-rows tr").First.InnerTextAsync());
        Assert.Equal("1", await page.TextContentAsync($"tr[data-link='{Id(link)}'] [data-field=clicks]"));
        await page.WaitForFunctionAsync("() => document.querySelector('[data-counter=totalOpens]').textContent === '1'", null, new() { Timeout = LiveTimeoutMs });
        await Screenshot(page, "live");
    }

    [Fact]
    public async Task The_log_shows_50_hits_a_page_newest_first()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = await tenant.CreateTrackingAsync(new { name = "Busy" });
        var pixel = await tenant.CreatePixelAsync(Id(tracking));
        var link = await tenant.CreateUrlAsync(Id(tracking), "https://example.com/first");
        // The oldest hit is the link's: it must be the one on page 2.
        await tenant.HitAsync(link.GetProperty("trackableUrl").GetString()!, London, Thunderbird);
        await tenant.WaitForCountAsync($"/api/v1/url/{Id(link)}", 1);
        var url = pixel.GetProperty("url").GetString()!;
        for (var i = 0; i < 50; i++) await tenant.HitAsync(url, Milton, Thunderbird);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{Id(pixel)}", 50);

        var page = await SignedInPageAsync(tenant, Id(tracking));
        Assert.Equal(50, await page.Locator("#log-rows tr").CountAsync());
        Assert.Contains("51 hits", await page.InnerTextAsync("#log-title + p"));
        Assert.Contains("Page 1 of 2", await page.InnerTextAsync("#log-title + p"));
        Assert.All(await page.Locator("#log-rows tr").AllInnerTextsAsync(), row => Assert.Contains("Open", row));

        await page.ClickAsync("text=Older hits");
        await page.WaitForURLAsync("**?page=2");
        var rows = await page.Locator("#log-rows tr").AllInnerTextsAsync();
        Assert.Contains("Click: https://example.com/first", Assert.Single(rows));
        Assert.Equal(0, await page.Locator("text=Older hits").CountAsync());

        var tooFar = await page.GotoAsync($"/tracking/{Id(tracking)}?page=0");
        Assert.Equal(400, tooFar!.Status);
    }

    [Fact]
    public async Task At_phone_width_nothing_is_wider_than_the_screen_and_axe_finds_no_serious_violation()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = await tenant.CreateTrackingAsync(new { name = "A newsletter with a rather long name to wrap on a phone" });
        var pixel = await tenant.CreatePixelAsync(Id(tracking));
        var link = await tenant.CreateUrlAsync(Id(tracking), "https://example.com/a/very/long/path/that/would/not/fit/on/a/phone/screen?with=query&and=more");
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!, London, IPhoneMail);
        await tenant.HitAsync(link.GetProperty("trackableUrl").GetString()!, Milton, Thunderbird);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{Id(pixel)}", 1);
        await tenant.WaitForCountAsync($"/api/v1/url/{Id(link)}", 1);

        var phone = await chromium.NewPageAsync(host.BaseAddress, width: 375, height: 812);
        await SignInAsync(phone, tenant, $"/tracking/{Id(tracking)}");
        var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the page is {widths[0]} px wide on a {widths[1]} px screen");
        Assert.Equal(375, widths[1]);
        await Screenshot(phone, "phone");

        foreach (var path in new[] { $"/tracking/{Id(tracking)}", "/tracking/sign-in", "/tracking/0" })
        {
            await phone.GotoAsync(path);
            await AssertAccessibleAsync(phone, path);
        }
        var desktop = await SignedInPageAsync(tenant, Id(tracking));
        await AssertAccessibleAsync(desktop, "desktop");
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    private async Task<IPage> SignedInPageAsync(Tenant tenant, long? trackingId)
    {
        var page = await chromium.NewPageAsync(host.BaseAddress);
        await SignInAsync(page, tenant, trackingId is { } id ? $"/tracking/{id}" : null);
        return page;
    }

    private static async Task SignInAsync(IPage page, Tenant tenant, string? path)
    {
        await page.GotoAsync(path ?? "/tracking/sign-in");
        await page.FillAsync("#key", tenant.Key);
        await page.ClickAsync("button[type=submit]:text('Sign in')");
        if (path is null) await page.WaitForSelectorAsync("p.notice");
        else await page.WaitForURLAsync("**" + path);
    }

    private static async Task<JsonElement> ChartDataAsync(IPage page, string chart) =>
        await page.EvaluateAsync<JsonElement>($"() => {{ const c = Chart.getChart(document.getElementById('chart-{chart}')); return {{ labels: c.data.labels, values: c.data.datasets[0].data }}; }}");

    private static string[] Labels(JsonElement data) => [.. data.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!)];

    private static long[] Values(JsonElement data) => [.. data.GetProperty("values").EnumerateArray().Select(v => v.GetInt64())];

    private static long Id(JsonElement entity) => entity.GetProperty("id").GetInt64();

    private async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ChromiumBrowser.Screenshots, $"{GetType().Name}-{name}.png"),
            FullPage = true,
        });
}
