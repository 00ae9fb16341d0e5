using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailTracker.Hits;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;
using MailTracker.Trackings;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace MailTracker.Tests.Api;

/// <summary>The tracking API through HTTP, run against the embedded default and against PostgreSQL.</summary>
public abstract class TrackingApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    /// <summary>The 1x1 transparent GIF every pixel answers with.</summary>
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    [Fact]
    public async Task A_new_mail_tracking_has_the_seed_defaults_and_an_array_of_urls()
    {
        var tenant = await host.CreateTenantAsync();
        var created = await tenant.CreateTrackingAsync();
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("Newsletter", created.GetProperty("name").GetString());

        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{id}"));
        Assert.Equal(id, got.GetProperty("id").GetInt64());
        Assert.True(got.GetProperty("enabled").GetBoolean());
        Assert.False(got.GetProperty("uniqueOpensOnly").GetBoolean());
        var privacy = got.GetProperty("privacySettings");
        Assert.True(privacy.GetProperty("trackIpAddresses").GetBoolean());
        Assert.True(privacy.GetProperty("trackUserAgents").GetBoolean());
        Assert.True(privacy.GetProperty("trackDateTimes").GetBoolean());
        Assert.Equal(JsonValueKind.Null, got.GetProperty("trackingPixel").ValueKind);
        Assert.Equal(JsonValueKind.Array, got.GetProperty("trackableUrls").ValueKind);
        Assert.EndsWith($"/tracking/{id}", got.GetProperty("mailTrackingUrl").GetString());
        Assert.InRange(got.GetProperty("created").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":\"\"}")]
    [InlineData("{\"name\":\"   \"}")]
    [InlineData("{\"name\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")]
    [InlineData("{\"name\":\"x\",\"uniqueOpensOnly\":true,\"trackIpAddresses\":false}")]
    [InlineData("{\"name\":42}")]
    [InlineData("{\"name\":\"x\",\"enabled\":\"yes\"}")]
    [InlineData("{\"name\":")]
    [InlineData("null")]
    [InlineData("[]")]
    public async Task Bad_mail_tracking_bodies_get_a_400_envelope(string body)
    {
        var tenant = await host.CreateTenantAsync();
        var response = await tenant.Client.PostAsync("/api/v1/mail-tracking", new StringContent(body, Encoding.UTF8, "application/json"));
        await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error");
    }

    [Fact]
    public async Task A_missing_body_and_a_body_over_1_MB_get_4xx_envelopes()
    {
        var tenant = await host.CreateTenantAsync();
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsync("/api/v1/mail-tracking", null), 400, "validation_error");
        var huge = "{\"name\":\"" + new string('a', 1_100_000) + "\"}";
        await EmbeddedHostTests.AssertErrorAsync(
            await tenant.Client.PostAsync("/api/v1/mail-tracking", new StringContent(huge, Encoding.UTF8, "application/json")), 413, "payload_too_large");
    }

    [Fact]
    public async Task A_name_of_64_characters_is_accepted()
    {
        var tenant = await host.CreateTenantAsync();
        var created = await tenant.CreateTrackingAsync(new { name = new string('n', 64) });
        Assert.Equal(64, created.GetProperty("name").GetString()!.Length);
    }

    [Fact]
    public async Task Put_changes_name_enabled_and_uniqueness_but_never_privacy()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var updated = await Tenant.MsgAsync(await tenant.Client.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", new { name = "Renamed", enabled = false, uniqueOpensOnly = true }));
        Assert.Equal("Renamed", updated.GetProperty("name").GetString());
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.True(updated.GetProperty("uniqueOpensOnly").GetBoolean());

        // Repeating a privacy setting's current value is fine; changing it is not.
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", new { trackIpAddresses = true })).StatusCode);
        foreach (var change in new object[] { new { trackIpAddresses = false }, new { trackUserAgents = false }, new { trackDateTimes = false } })
        {
            var response = await tenant.Client.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", change);
            await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error");
        }
        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{id}"));
        Assert.True(got.GetProperty("privacySettings").GetProperty("trackUserAgents").GetBoolean());
    }

    [Fact]
    public async Task UniqueOpensOnly_cannot_be_switched_on_without_ip_tracking()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync(new { name = "No IPs", trackIpAddresses = false })).GetProperty("id").GetInt64();
        var response = await tenant.Client.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", new { uniqueOpensOnly = true });
        await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error");
    }

    [Fact]
    public async Task A_tracking_has_at_most_one_pixel()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(id);
        Assert.EndsWith(".png", pixel.GetProperty("token").GetString());
        Assert.Contains("/image/" + pixel.GetProperty("token").GetString(), pixel.GetProperty("url").GetString());
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsync($"/api/v1/mail-tracking/{id}/pixel", null), 409, "conflict");

        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}"));
        Assert.Equal(id, got.GetProperty("mailTrackingId").GetInt64());
        Assert.Equal(0, got.GetProperty("timesOpened").GetInt64());
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/path")]
    [InlineData("ftp://example.com/file")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("https://")]
    [InlineData("")]
    public async Task Only_absolute_http_and_https_urls_can_be_tracked(string url)
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var response = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{id}/url", new { url });
        await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error");
    }

    [Fact]
    public async Task Urls_up_to_2048_characters_and_up_to_20_per_tracking()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var longUrl = "https://example.com/?q=" + new string('x', 2048 - "https://example.com/?q=".Length);
        Assert.Equal(longUrl, (await tenant.CreateUrlAsync(id, longUrl)).GetProperty("originalUrl").GetString());
        await EmbeddedHostTests.AssertErrorAsync(
            await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{id}/url", new { url = longUrl + "y" }), 400, "validation_error");

        for (var i = 1; i < 20; i++) await tenant.CreateUrlAsync(id, $"https://example.com/{i}");
        var twentyFirst = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{id}/url", new { url = "https://example.com/21" });
        Assert.Equal(403, (int)twentyFirst.StatusCode);
        await EmbeddedHostTests.AssertErrorAsync(twentyFirst, 403, "limit_exceeded");
        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{id}"));
        Assert.Equal(20, got.GetProperty("trackableUrls").GetArrayLength());
    }

    [Fact]
    public async Task A_pixel_hit_answers_the_gif_uncached_and_is_counted_with_its_data()
    {
        var tenant = await host.CreateTenantAsync();
        var trackingId = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(trackingId);
        var pixelId = pixel.GetProperty("id").GetInt64();

        var hit = await tenant.HitAsync(pixel.GetProperty("url").GetString() + "?d=first", ip: "198.51.100.1", userAgent: "Agent/1");
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("image/gif", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Gif, await hit.Content.ReadAsByteArrayAsync());
        Assert.Contains("no-store", hit.Headers.CacheControl?.ToString());
        Assert.Contains("no-cache", hit.Headers.Pragma.ToString());
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!.Replace(".png", ".gif"), ip: "198.51.100.2", userAgent: "Agent/2");

        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 2);
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"));
        Assert.Equal(2, data.GetProperty("timesOpened").GetInt64());
        Assert.Equal(0, data.GetProperty("offset").GetInt32());
        Assert.Equal(10, data.GetProperty("limit").GetInt32());
        var rows = data.GetProperty("data").EnumerateArray().ToList();
        // Newest first; customData only where there was some.
        Assert.Equal("198.51.100.2", rows[0].GetProperty("ipAddress").GetString());
        Assert.Equal("Agent/2", rows[0].GetProperty("userAgent").GetString());
        Assert.False(rows[0].TryGetProperty("customData", out _));
        Assert.Equal("first", rows[1].GetProperty("customData").GetString());
        Assert.True(rows[1].GetProperty("date").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());
        Assert.False(rows[1].GetProperty("bot").GetBoolean());

        var tracking = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{trackingId}"));
        Assert.Equal(2, tracking.GetProperty("trackingPixel").GetProperty("timesOpened").GetInt64());
    }

    [Fact]
    public async Task A_NUL_in_a_hits_custom_data_or_user_agent_is_dropped_and_the_hit_kept()
    {
        var tenant = await host.CreateTenantAsync();
        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        var pixelId = pixel.GetProperty("id").GetInt64();

        var hit = await tenant.HitAsync(pixel.GetProperty("url").GetString() + "?d=a%00b", userAgent: null, headers: new Dictionary<string, string> { ["User-Agent"] = "Agent\0/1" });
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);

        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 1);
        var row = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"))).GetProperty("data")[0];
        Assert.Equal("ab", row.GetProperty("customData").GetString());
        Assert.Equal("Agent/1", row.GetProperty("userAgent").GetString());
    }

    [Fact]
    public async Task A_hit_logged_before_its_token_resolved_is_counted_once_with_privacy_and_blacklist_applied()
    {
        var tenant = await host.CreateTenantAsync();
        await tenant.Client.PutAsJsonAsync("/api/v1/blacklist", new { blacklist = new[] { "192.0.2.66" } });
        var id = (await tenant.CreateTrackingAsync(new { name = "Late", trackUserAgents = false })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(id);
        var token = pixel.GetProperty("token").GetString()!.Replace(".png", "");
        var recorder = host.Services.GetRequiredService<IHitIntake>();

        // What the pixel endpoint does when the token's grain does not answer in time.
        await recorder.RecordUnresolvedAsync(token, HitKind.Open, new HitRequest(IPAddress.Parse("192.0.2.9"), "Secret/1.0", "late", null, false));
        await recorder.RecordUnresolvedAsync(token, HitKind.Open, new HitRequest(IPAddress.Parse("192.0.2.66"), "Secret/1.0", "office", null, false));
        await recorder.RecordUnresolvedAsync("pAAAAAAAAAAAAAAAAAAAAAA", HitKind.Open, new HitRequest(IPAddress.Parse("192.0.2.9"), null, "unknown", null, false));

        var path = $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}";
        await tenant.WaitForCountAsync(path, 1);
        Assert.Equal(1, await tenant.SettledCountAsync(path));
        var row = Assert.Single((await Tenant.MsgAsync(await tenant.Client.GetAsync(path + "/data"))).GetProperty("data").EnumerateArray());
        Assert.Equal("late", row.GetProperty("customData").GetString());
        Assert.Equal("192.0.2.9", row.GetProperty("ipAddress").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("userAgent").ValueKind);
    }

    [Fact]
    public async Task An_unknown_pixel_token_gets_the_same_image_and_records_nothing()
    {
        var tenant = await host.CreateTenantAsync();
        foreach (var token in new[] { "pAAAAAAAAAAAAAAAAAAAAAA.png", "nonsense", "abc.gif" })
        {
            var response = await tenant.HitAsync($"http://localhost/image/{token}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Gif, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Custom_data_is_cut_to_255_characters()
    {
        var tenant = await host.CreateTenantAsync();
        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        await tenant.HitAsync(pixel.GetProperty("url").GetString() + "?d=" + new string('d', 300));
        var pixelId = pixel.GetProperty("id").GetInt64();
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 1);
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"));
        Assert.Equal(255, data.GetProperty("data")[0].GetProperty("customData").GetString()!.Length);
    }

    [Theory]
    [InlineData("offset=-1")]
    [InlineData("offset=45001")]
    [InlineData("offset=abc")]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=1.5")]
    public async Task Data_paging_outside_the_seed_ranges_is_a_400(string query)
    {
        var tenant = await host.CreateTenantAsync();
        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        var response = await tenant.Client.GetAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}/data?{query}");
        await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error");
    }

    [Fact]
    public async Task Data_pages_through_exactly_timesOpened_rows()
    {
        var tenant = await host.CreateTenantAsync();
        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        var pixelId = pixel.GetProperty("id").GetInt64();
        await Task.WhenAll(Enumerable.Range(0, 25).Select(i => tenant.HitAsync(pixel.GetProperty("url").GetString() + $"?d=hit{i}")));
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 25);
        var seen = new List<string>();
        for (var offset = 0; ; offset += 10)
        {
            var page = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data?offset={offset}&limit=10"));
            var rows = page.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("customData").GetString()!).ToList();
            if (rows.Count == 0) break;
            seen.AddRange(rows);
        }
        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_link_hit_redirects_to_the_stored_url_only_and_is_counted()
    {
        var tenant = await host.CreateTenantAsync();
        var link = await tenant.CreateUrlAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64(), "https://example.com/offer?x=1");
        var hit = await tenant.HitAsync(link.GetProperty("trackableUrl").GetString() + "?d=click&url=https://evil.example/&r=nobody");
        Assert.Equal(HttpStatusCode.Redirect, hit.StatusCode);
        Assert.Equal("https://example.com/offer?x=1", hit.Headers.Location?.OriginalString);
        Assert.Contains("no-store", hit.Headers.CacheControl?.ToString());
        var linkId = link.GetProperty("id").GetInt64();
        await tenant.WaitForCountAsync($"/api/v1/url/{linkId}", 1);
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/url/{linkId}/data"));
        Assert.Equal("click", data.GetProperty("data")[0].GetProperty("customData").GetString());
    }

    [Fact]
    public async Task An_unknown_or_deleted_link_is_a_404_page()
    {
        var tenant = await host.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.HitAsync("http://localhost/url/lAAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.HitAsync("http://localhost/url/whatever")).StatusCode);

        var trackingId = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var link = await tenant.CreateUrlAsync(trackingId);
        var url = link.GetProperty("trackableUrl").GetString()!;
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.HitAsync(url)).StatusCode);
        var linkId = link.GetProperty("id").GetInt64();
        Assert.Equal("Trackable url successfully deleted.", (await Tenant.MsgAsync(await tenant.Client.DeleteAsync($"/api/v1/url/{linkId}"))).GetString());

        var gone = await tenant.HitAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("text/html", gone.Content.Headers.ContentType?.ToString());
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/url/{linkId}"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.DeleteAsync($"/api/v1/url/{linkId}"), 404, "not_found");
        var tracking = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{trackingId}"));
        Assert.Equal(0, tracking.GetProperty("trackableUrls").GetArrayLength());
    }

    [Fact]
    public async Task Privacy_switches_off_store_nothing_of_what_they_cover()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync(new { name = "Private", trackIpAddresses = false, trackUserAgents = false, trackDateTimes = false })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(id);
        var pixelId = pixel.GetProperty("id").GetInt64();
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!, ip: "203.0.113.9", userAgent: "Secret/1.0");
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 1);
        var row = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"))).GetProperty("data")[0];
        Assert.Equal(JsonValueKind.Null, row.GetProperty("ipAddress").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("userAgent").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("date").ValueKind);
        Assert.DoesNotContain("203.0.113.9", row.GetRawText());
        Assert.DoesNotContain("Secret", row.GetRawText());
    }

    [Fact]
    public async Task UniqueOpensOnly_counts_each_ip_once_per_pixel()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync(new { name = "Unique", uniqueOpensOnly = true })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(id);
        var url = pixel.GetProperty("url").GetString()!;
        var path = $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}";
        await tenant.HitAsync(url, ip: "192.0.2.1");
        await tenant.HitAsync(url, ip: "192.0.2.1");
        await tenant.HitAsync(url, ip: "192.0.2.2");
        await tenant.HitAsync(url, ip: "192.0.2.1");
        Assert.Equal(2, await tenant.SettledCountAsync(path));
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync(path + "/data"));
        Assert.Equal(2, data.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task UniqueOpensOnly_refuses_repeats_after_the_pixel_and_its_tailer_were_deactivated()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync(new { name = "Unique restarted", uniqueOpensOnly = true })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(id);
        var pixelId = pixel.GetProperty("id").GetInt64();
        var url = pixel.GetProperty("url").GetString()!;
        var path = $"/api/v1/pixel/{pixelId}";
        await tenant.HitAsync(url + "?d=first", ip: "192.0.2.11");
        await tenant.HitAsync(url + "?d=second", ip: "192.0.2.12");
        await tenant.WaitForCountAsync(path, 2); // a signal first, then quiet: nothing more comes
        Assert.Equal(2, await tenant.SettledCountAsync(path));

        // New activations hold nothing of what was seen: the claims are stored.
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ITrackableGrain>(pixelId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await grains.GetGrain<IPartitionTailerGrain>(HitPartitions.Of(pixelId)).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await tenant.HitAsync(url + "?d=repeat", ip: "192.0.2.11");
        await tenant.HitAsync(url + "?d=third", ip: "192.0.2.13");
        await tenant.HitAsync(url + "?d=repeat", ip: "192.0.2.12");
        await tenant.WaitForCountAsync(path, 3); // a signal first, then quiet: nothing more comes
        Assert.Equal(3, await tenant.SettledCountAsync(path));
        var data = (await Tenant.MsgAsync(await tenant.Client.GetAsync(path + "/data"))).GetProperty("data");
        Assert.Equal(["third", "second", "first"], data.EnumerateArray().Select(r => r.GetProperty("customData").GetString()));
    }

    [Fact]
    public async Task Switching_uniqueOpensOnly_on_treats_the_addresses_seen_before_as_seen()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync(new { name = "Unique later" })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(id);
        var url = pixel.GetProperty("url").GetString()!;
        var path = $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}";
        await tenant.HitAsync(url + "?d=before", ip: "192.0.2.21");
        await tenant.HitAsync(url + "?d=before", ip: "192.0.2.21");
        await tenant.HitAsync(url + "?d=before", ip: "192.0.2.22");
        await tenant.WaitForCountAsync(path, 3); // a signal first, then quiet: nothing more comes
        Assert.Equal(3, await tenant.SettledCountAsync(path));

        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", new { uniqueOpensOnly = true })).StatusCode);
        await tenant.HitAsync(url + "?d=seen", ip: "192.0.2.21");
        await tenant.HitAsync(url + "?d=seen", ip: "192.0.2.22");
        await tenant.HitAsync(url + "?d=new", ip: "192.0.2.23");
        await tenant.HitAsync(url + "?d=seen", ip: "192.0.2.23");
        await tenant.WaitForCountAsync(path, 4); // a signal first, then quiet: nothing more comes
        Assert.Equal(4, await tenant.SettledCountAsync(path));
        var data = (await Tenant.MsgAsync(await tenant.Client.GetAsync(path + "/data"))).GetProperty("data");
        Assert.Equal(["new", "before", "before", "before"], data.EnumerateArray().Select(r => r.GetProperty("customData").GetString()));

        // Off and on again: what was counted meanwhile is seen too.
        await tenant.Client.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", new { uniqueOpensOnly = false });
        await tenant.HitAsync(url + "?d=off", ip: "192.0.2.24");
        await tenant.WaitForCountAsync(path, 5); // a signal first, then quiet: nothing more comes
        Assert.Equal(5, await tenant.SettledCountAsync(path));
        await tenant.Client.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", new { uniqueOpensOnly = true });
        await tenant.HitAsync(url + "?d=seen", ip: "192.0.2.24");
        await tenant.HitAsync(url + "?d=seen", ip: "192.0.2.21");
        await tenant.WaitForCountAsync(path, 5); // a signal first, then quiet: nothing more comes
        Assert.Equal(5, await tenant.SettledCountAsync(path));
    }

    [Fact]
    public async Task A_paused_tracking_counts_nothing_until_it_is_resumed()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync(new { name = "Paused", enabled = false })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(id);
        var url = pixel.GetProperty("url").GetString()!;
        var path = $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}";
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(url + "?d=paused")).StatusCode);
        Assert.Equal(0, await tenant.SettledCountAsync(path));

        await tenant.Client.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", new { enabled = true });
        await tenant.HitAsync(url + "?d=live");
        await tenant.WaitForCountAsync(path, 1);
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync(path + "/data"));
        Assert.Equal("live", Assert.Single(data.GetProperty("data").EnumerateArray()).GetProperty("customData").GetString());
    }

    [Fact]
    public async Task Blacklisted_addresses_and_ranges_count_nothing()
    {
        var tenant = await host.CreateTenantAsync();
        var put = await tenant.Client.PutAsJsonAsync("/api/v1/blacklist", new { blacklist = new[] { "192.0.2.50", "10.20.0.0/16", "2001:db8::/32" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/blacklist"));
        Assert.Equal(3, got.GetProperty("blacklist").GetArrayLength());

        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        var url = pixel.GetProperty("url").GetString()!;
        await tenant.HitAsync(url + "?d=office", ip: "192.0.2.50");
        await tenant.HitAsync(url + "?d=range", ip: "10.20.30.40");
        await tenant.HitAsync(url + "?d=v6", ip: "2001:db8::1");
        await tenant.HitAsync(url + "?d=reader", ip: "192.0.2.51");
        var path = $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}";
        Assert.Equal(1, await tenant.SettledCountAsync(path));
        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync(path + "/data"));
        Assert.Equal("reader", Assert.Single(data.GetProperty("data").EnumerateArray()).GetProperty("customData").GetString());
    }

    [Fact]
    public async Task A_bad_blacklist_entry_is_named()
    {
        var tenant = await host.CreateTenantAsync();
        var response = await tenant.Client.PutAsJsonAsync("/api/v1/blacklist", new { blacklist = new[] { "192.0.2.1", "not-an-ip" } });
        var body = await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error");
        Assert.Contains("blacklist[1]", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Head_requests_are_recorded_as_bots()
    {
        var tenant = await host.CreateTenantAsync();
        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        var head = await tenant.HitAsync(pixel.GetProperty("url").GetString()!, method: HttpMethod.Head);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
        var msg = await tenant.WaitForCountAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}", 2);
        Assert.Equal(2, msg.GetProperty("botOpens").GetInt64());
        Assert.Equal(0, msg.GetProperty("humanOpens").GetInt64());
    }

    [Fact]
    public async Task Another_account_can_neither_read_change_delete_nor_list_anything()
    {
        var owner = await host.CreateTenantAsync();
        var other = await host.CreateTenantAsync();
        var id = (await owner.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixelId = (await owner.CreatePixelAsync(id)).GetProperty("id").GetInt64();
        var urlId = (await owner.CreateUrlAsync(id)).GetProperty("id").GetInt64();

        var attempts = new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            c => c.GetAsync($"/api/v1/mail-tracking/{id}"),
            c => c.PutAsJsonAsync($"/api/v1/mail-tracking/{id}", new { name = "hijack" }),
            c => c.DeleteAsync($"/api/v1/mail-tracking/{id}"),
            c => c.PostAsync($"/api/v1/mail-tracking/{id}/pixel", null),
            c => c.PostAsJsonAsync($"/api/v1/mail-tracking/{id}/url", new { url = "https://evil.example/" }),
            c => c.GetAsync($"/api/v1/pixel/{pixelId}"),
            c => c.GetAsync($"/api/v1/pixel/{pixelId}/data"),
            c => c.GetAsync($"/api/v1/url/{urlId}"),
            c => c.GetAsync($"/api/v1/url/{urlId}/data"),
            c => c.DeleteAsync($"/api/v1/url/{urlId}"),
        };
        foreach (var attempt in attempts)
        {
            var foreign = await attempt(other.Client);
            await EmbeddedHostTests.AssertErrorAsync(foreign, 404, "not_found");
        }
        // A foreign entity answers exactly like a missing one.
        var missing = await (await other.Client.GetAsync("/api/v1/mail-tracking/1")).Content.ReadAsStringAsync();
        var foreignBody = await (await other.Client.GetAsync($"/api/v1/mail-tracking/{id}")).Content.ReadAsStringAsync();
        Assert.Equal(missing, foreignBody);

        var list = await Tenant.MsgAsync(await other.Client.GetAsync("/api/v1/mail-tracking"));
        Assert.Equal(0, list.GetProperty("mailTrackings").GetArrayLength());
        var owners = await Tenant.MsgAsync(await owner.Client.GetAsync($"/api/v1/mail-tracking/{id}"));
        Assert.Equal("Newsletter", owners.GetProperty("name").GetString());
        Assert.Equal(1, owners.GetProperty("trackableUrls").GetArrayLength());
    }

    [Fact]
    public async Task Deleting_a_tracking_removes_its_pixel_urls_and_data()
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(id);
        var link = await tenant.CreateUrlAsync(id);
        var pixelId = pixel.GetProperty("id").GetInt64();
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!);
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 1);

        var deleted = await Tenant.MsgAsync(await tenant.Client.DeleteAsync($"/api/v1/mail-tracking/{id}"));
        Assert.Equal("Mail tracking successfully deleted.", deleted.GetString());
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{id}"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/url/{link.GetProperty("id").GetInt64()}"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.DeleteAsync($"/api/v1/mail-tracking/{id}"), 404, "not_found");
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.HitAsync(link.GetProperty("trackableUrl").GetString()!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(pixel.GetProperty("url").GetString()!)).StatusCode);
        var list = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/mail-tracking"));
        Assert.Equal(0, list.GetProperty("mailTrackings").GetArrayLength());
    }

    [Fact]
    public async Task The_list_pages_with_an_opaque_cursor_and_never_repeats()
    {
        var tenant = await host.CreateTenantAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add((await tenant.CreateTrackingAsync(new { name = $"T{i}" })).GetProperty("id").GetInt64());

        var seen = new List<long>();
        var next = "/api/v1/mail-tracking?limit=2";
        var pages = 0;
        while (next is not null)
        {
            var page = await Tenant.MsgAsync(await tenant.Client.GetAsync(next));
            seen.AddRange(page.GetProperty("mailTrackings").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
            var link = page.GetProperty("_links").GetProperty("next");
            next = link.ValueKind == JsonValueKind.Null ? null : new Uri(link.GetProperty("href").GetString()!).PathAndQuery;
            pages++;
        }
        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/mail-tracking?after=garbage"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/mail-tracking?limit=0"), 400, "validation_error");
    }

    [Fact]
    public async Task Keys_work_as_query_or_bearer_and_stop_at_once_when_revoked()
    {
        var tenant = await host.CreateTenantAsync();
        var anonymous = tenant.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/mail-tracking?key={tenant.Key}")).StatusCode);
        await EmbeddedHostTests.AssertErrorAsync(await anonymous.GetAsync("/api/v1/mail-tracking"), 401, "authentication_error");
        await EmbeddedHostTests.AssertErrorAsync(await anonymous.GetAsync("/api/v1/mail-tracking?key=mt_live_unknown0000000000000000000000"), 401, "authentication_error");
        await EmbeddedHostTests.AssertErrorAsync(await anonymous.GetAsync("/api/v1/mail-tracking?key=garbage"), 401, "authentication_error");

        var issued = await tenant.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "second", environment = "test" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = await Tenant.MsgAsync(issued);
        var secret = key.GetProperty("key").GetString()!;
        Assert.StartsWith("mt_test_", secret);
        Assert.True(secret.Length - "mt_test_".Length >= 22);

        var listed = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/api-keys"));
        Assert.Equal(2, listed.GetArrayLength());
        Assert.DoesNotContain(secret, listed.GetRawText());

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/mail-tracking?key={secret}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.DeleteAsync($"/api/v1/api-keys/{key.GetProperty("id").GetInt64()}")).StatusCode);
        await EmbeddedHostTests.AssertErrorAsync(await anonymous.GetAsync($"/api/v1/mail-tracking?key={secret}"), 401, "authentication_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.DeleteAsync($"/api/v1/api-keys/{key.GetProperty("id").GetInt64()}"), 404, "not_found");
    }

    [Fact]
    public async Task A_custom_image_is_served_by_its_pixel_and_bad_images_are_refused()
    {
        var tenant = await host.CreateTenantAsync();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        var id = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var upload = new MultipartFormDataContent { { new ByteArrayContent(png), "image", "logo.png" } };
        var created = await tenant.Client.PostAsync($"/api/v1/mail-tracking/{id}/pixel", upload);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hit = await tenant.HitAsync((await Tenant.MsgAsync(created)).GetProperty("url").GetString()!);
        Assert.Equal("image/png", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await hit.Content.ReadAsByteArrayAsync());

        var other = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var notImage = new MultipartFormDataContent { { new ByteArrayContent("<svg/>"u8.ToArray()), "image", "x.png" } };
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsync($"/api/v1/mail-tracking/{other}/pixel", notImage), 400, "validation_error");
        var big = new byte[5 * 1024 * 1024 + 1];
        png.CopyTo(big, 0);
        var tooBig = new MultipartFormDataContent { { new ByteArrayContent(big), "image", "big.png" } };
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsync($"/api/v1/mail-tracking/{other}/pixel", tooBig), 413, "payload_too_large");
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nabc")]           // no boundary
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nabc")] // never ends
    [InlineData("multipart/form-data; boundary=x", "garbage without any boundary line")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nno headers end here")]
    [InlineData("multipart/form-data; boundary=\"", "")]
    [InlineData("application/x-www-form-urlencoded", "%%%=%zz&&=")]
    public async Task A_malformed_form_body_on_pixel_upload_is_a_400_envelope(string contentType, string body)
    {
        var tenant = await host.CreateTenantAsync();
        var id = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await tenant.Client.PostAsync($"/api/v1/mail-tracking/{id}/pixel", content);
        // Never a 500: a 4xx with the envelope (or, where the body happens to parse as a form without an image, a plain pixel).
        var status = (int)response.StatusCode;
        Assert.True(status is 201 or (>= 400 and < 500), $"{status}: {await response.Content.ReadAsStringAsync()}");
        if (status >= 400) await EmbeddedHostTests.AssertErrorAsync(response, status, "validation_error");
    }
}
