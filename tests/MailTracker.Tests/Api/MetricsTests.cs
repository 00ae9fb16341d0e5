using System.Net;
using System.Net.Http.Json;
using MailTracker.Diagnostics;
using MailTracker.Hits;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Api;

/// <summary><c>/metrics</c> as an operator's Prometheus sees it. The tests of this class share one host and run one at a time.</summary>
public sealed class MetricsTests(MetricsApiHost host) : IClassFixture<MetricsApiHost>
{
    private const string Answered = "mailtracker_hits_answered_total";
    private const string Deliveries = "mailtracker_webhooks_deliveries_total";

    [Fact]
    public async Task Every_hit_fired_is_read_back_once_by_kind_and_result()
    {
        var tenant = await host.CreateTenantAsync();
        var trackingId = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixelInfo = await tenant.CreatePixelAsync(trackingId);
        var linkInfo = await tenant.CreateUrlAsync(trackingId);
        var pixel = pixelInfo.GetProperty("url").GetString()!;
        var link = linkInfo.GetProperty("trackableUrl").GetString()!;

        const int opens = 7, clicks = 5, unknownOpens = 3, unknownClicks = 2;
        var before = await ScrapeAsync(host.CreateAdminClient());
        await Task.WhenAll(Enumerable.Range(0, opens).Select(async i => Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(pixel + $"?d=open{i}")).StatusCode)));
        await Task.WhenAll(Enumerable.Range(0, clicks).Select(async i => Assert.Equal(HttpStatusCode.Redirect, (await tenant.HitAsync(link + $"?d=click{i}")).StatusCode)));
        for (var i = 0; i < unknownOpens; i++) Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync($"http://localhost/image/unknown{i}.png")).StatusCode);
        for (var i = 0; i < unknownClicks; i++) Assert.Equal(HttpStatusCode.NotFound, (await tenant.HitAsync($"http://localhost/url/unknown{i}")).StatusCode);

        var after = await ScrapeAsync(host.CreateAdminClient());
        double Fired(params (string, string)[] labels) => after.Sum(Answered, labels) - before.Sum(Answered, labels);
        Assert.Equal(opens, Fired(("kind", "open"), ("result", "recorded")));
        Assert.Equal(clicks, Fired(("kind", "click"), ("result", "recorded")));
        Assert.Equal(unknownOpens, Fired(("kind", "open"), ("result", "unknown_token")));
        Assert.Equal(unknownClicks, Fired(("kind", "click"), ("result", "unknown_token")));
        Assert.Equal(opens + unknownOpens, Fired(("kind", "open")));
        Assert.Equal(clicks + unknownClicks, Fired(("kind", "click")));
        Assert.Equal(0, after.Sum(Answered, ("result", "failed")));

        // And the tailers count exactly those, once they have consumed them.
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelInfo.GetProperty("id").GetInt64()}", opens);
        await tenant.WaitForCountAsync($"/api/v1/url/{linkInfo.GetProperty("id").GetInt64()}", clicks);
        var counted = await ScrapeAsync(host.CreateAdminClient());
        Assert.Equal(opens, counted.Sum("mailtracker_hits_counted_total", ("kind", "open")) - before.Sum("mailtracker_hits_counted_total", ("kind", "open")));
        Assert.Equal(clicks, counted.Sum("mailtracker_hits_counted_total", ("kind", "click")) - before.Sum("mailtracker_hits_counted_total", ("kind", "click")));
    }

    [Fact]
    public async Task A_webhook_event_the_receiver_accepts_is_counted_once_as_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await host.CreateTenantAsync();
        var pixel = (await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64())).GetProperty("url").GetString()!;
        var created = await tenant.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "email.opened" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var before = (await ScrapeAsync(host.CreateAdminClient())).Sum(Deliveries, ("outcome", "delivered"));

        await tenant.HitAsync(pixel);
        // Counted once the attempt is written, just after the receiver answered: read until it is, within seconds.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        double delivered;
        while ((delivered = (await ScrapeAsync(host.CreateAdminClient())).Sum(Deliveries, ("outcome", "delivered")) - before) < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        Assert.Equal(1, delivered);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Without_the_admin_token_metrics_are_a_401_envelope()
    {
        var anonymous = host.CreateClient();
        await EmbeddedHostTests.AssertErrorAsync(await anonymous.GetAsync("/metrics"), 401, "authentication_error");

        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-" + host.AdminToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task With_the_admin_token_metrics_are_prometheus_text_of_mailtracker_orleans_and_aspnetcore()
    {
        var response = await host.CreateAdminClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var type = response.Content.Headers.ContentType!;
        Assert.Equal("text/plain", type.MediaType);
        Assert.Contains(type.Parameters, p => p.Name == "version" && p.Value == "0.0.4");

        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(samples, s => s.Name == "mailtracker_webhooks_outbox_backlog");
        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_bucket");
        Assert.Contains(samples, s => s.Name.StartsWith("aspnetcore_", StringComparison.Ordinal) || s.Name.StartsWith("kestrel_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scraper_network_reads_metrics_without_the_token_but_a_forwarded_address_counts_only_from_a_trusted_proxy()
    {
        Assert.Equal(HttpStatusCode.OK, (await ScrapeFromAsync("192.0.2.10")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeFromAsync("198.51.100.9")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeFromAsync("198.51.100.9", forwardedFor: "192.0.2.10")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ScrapeFromAsync("10.9.0.5", forwardedFor: "192.0.2.10")).StatusCode);
    }

    [Fact]
    public async Task Each_pipeline_and_webhook_instrument_comes_out_under_its_documented_name()
    {
        // The pipeline of this host may record into the same instruments meanwhile: at least what was recorded here.
        var metrics = host.Services.GetRequiredService<MailTrackerMetrics>();
        metrics.GroupCommitted(3, TimeSpan.FromMilliseconds(4));
        metrics.GroupCommitFailed();
        metrics.LostCommitLookedUp(LostCommitOutcome.Committed);
        metrics.TailerRead(5, TimeSpan.FromSeconds(1.5), 42);
        metrics.Consumed(HitKind.Click, counted: 2, discarded: 1);
        metrics.WebhookDelivery(WebhookDeliveryOutcome.GaveUp);
        metrics.PagesBackfilled(2);
        metrics.CacheLookedUp(HitCache.Recipients, hit: false);
        metrics.CacheEvicted(HitCache.TokenFacts);

        var samples = await ScrapeAsync(host.CreateAdminClient());
        Assert.True(samples.Sum("mailtracker_hits_group_commit_size_count") >= 1);
        Assert.True(samples.Sum("mailtracker_hits_group_commit_size_sum") >= 3);
        Assert.True(samples.Sum("mailtracker_hits_group_commit_duration_seconds_bucket", ("le", "0.005")) >= 1);
        Assert.True(samples.Sum("mailtracker_hits_group_commit_failures_total") >= 1);
        Assert.True(samples.Sum("mailtracker_hits_lost_commit_lookups_total", ("outcome", "committed")) >= 1);
        Assert.Contains(samples, s => s.Name == "mailtracker_hits_tailer_lag_seconds" && s.Labels["partition"] == "5");
        Assert.Contains(samples, s => s.Name == "mailtracker_hits_tailer_lag_rows" && s.Labels["partition"] == "5");
        Assert.True(samples.Sum("mailtracker_hits_counted_total", ("kind", "click")) >= 2);
        Assert.True(samples.Sum("mailtracker_hits_discarded_total", ("kind", "click")) >= 1);
        Assert.True(samples.Sum("mailtracker_webhooks_deliveries_total", ("outcome", "gave_up")) >= 1);
        Assert.True(samples.Sum("mailtracker_hits_pages_backfilled_total") >= 2);
        Assert.Contains(samples, s => s.Name == "mailtracker_webhooks_outbox_backlog");
        Assert.True(samples.Sum("mailtracker_hits_cache_lookups_total", ("cache", "recipients"), ("result", "miss")) >= 1);
        Assert.True(samples.Sum("mailtracker_hits_cache_evictions_total", ("cache", "token_facts")) >= 1);
        // The host's own caches report their sizes from the start.
        Assert.Contains(samples, s => s.Name == "mailtracker_hits_cache_entries" && s.Labels["cache"] == "token_images");
    }

    private Task<HttpResponseMessage> ScrapeFromAsync(string peer, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(ApiTestHost.PeerHeader, peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return host.CreateClient().SendAsync(request);
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}
