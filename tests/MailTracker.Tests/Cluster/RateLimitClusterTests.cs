using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using MailTracker.Tests.Infrastructure;
using MailTracker.Tests.RateLimits;

namespace MailTracker.Tests.Cluster;

/// <summary>One API key's requests per minute hold across two silo processes: each silo spends batches leased from the key's grain.</summary>
public sealed class RateLimitClusterTests(TwoSiloFixture silos) : IClassFixture<TwoSiloFixture>
{
    private const int Limit = 100;

    /// <summary>The grain never grants more than the limit, so no slack above it; below, a silo may hold a few unspent requests.</summary>
    private const int MaxAllowed = Limit;

    private const int MinAllowed = Limit * 9 / 10;

    [Fact]
    public async Task A_key_sent_to_both_silos_at_once_gets_its_limit_within_ten_percent_in_every_full_minute()
    {
        using var tenant = await SiloApi.CreateTenantAsync(silos.Silo1, silos.AdminToken, "Rate " + Guid.NewGuid().ToString("N")[..6]);
        var issued = await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync("/api/v1/api-keys", new { name = "limited", rate_limit = Limit }));
        var key = issued.GetProperty("key").GetString()!;
        using var first = Client(silos.Silo1, key);
        using var second = Client(silos.Silo2, key);

        // Three times the limit, from 8 concurrent senders alternating between the silos: a minute that starts during the run
        // still has more than the limit in it (the run takes seconds, so it spans at most two minutes).
        var answers = new ConcurrentBag<(HttpStatusCode Status, RateLimitHeaders Headers)>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < Limit * 3)
            {
                using var response = await (i % 2 == 0 ? first : second).GetAsync("/api/v1/blacklist");
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, response.StatusCode.ToString());
                answers.Add((response.StatusCode, RateLimitHeaders.Of(response)));
            }
        }));

        Assert.All(answers, a => Assert.Equal(Limit, a.Headers.Limit));
        var windows = answers.GroupBy(a => a.Headers.Reset).ToList();
        var full = windows.Where(w => w.Any(a => a.Status == HttpStatusCode.TooManyRequests)).ToList();
        Assert.NotEmpty(full);
        foreach (var window in full)
        {
            var allowed = window.Count(a => a.Status == HttpStatusCode.OK);
            Assert.InRange(allowed, MinAllowed, MaxAllowed);
        }
        // A minute that was not used up had everything allowed.
        foreach (var window in windows.Except(full)) Assert.InRange(window.Count(), 1, MaxAllowed);
    }

    private static HttpClient Client(SiloProcess silo, string key)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
