using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary>Webhooks delivered to a real local receiver, against the embedded default and PostgreSQL.</summary>
public abstract class WebhookApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    [Fact]
    public async Task A_hit_is_delivered_within_seconds_and_both_signatures_verify_with_the_documented_algorithms()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, tracking, pixel) = await NewPixelAsync();
        var created = await CreateWebhookAsync(tenant, new { url = receiver.Url, events = new[] { "email.opened", "link.clicked" } });
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        var id = created.GetProperty("id").GetInt64();
        // The secret is shown once.
        Assert.False((await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/webhooks/{id}"))).TryGetProperty("secret", out _));

        // Outlook for Windows (Microsoft 365), as listed by github.com/matomo-org/device-detector's pim fixtures.
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!, userAgent: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)");
        var delivery = Assert.Single(await WaitForAsync(receiver, 1));

        // Standard Webhooks: v1,<base64 HMAC-SHA256 over "id.timestamp.body"> keyed by the base64-decoded secret.
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{delivery.Id}.{delivery.Timestamp}.{delivery.Body}")));
        Assert.Equal(expected, delivery.Signature);
        // MailSignal: sha256=<hex HMAC-SHA256 of the body>.
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(delivery.Body))), delivery.BodySignature);
        Assert.InRange(long.Parse(delivery.Timestamp), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());

        var body = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal("email.opened", body.GetProperty("event").GetString());
        Assert.True(body.TryGetProperty("timestamp", out _));
        var data = body.GetProperty("data");
        Assert.Equal(delivery.Id, data.GetProperty("id").GetString());
        Assert.Equal(tracking, data.GetProperty("mailTrackingId").GetInt64());
        Assert.Equal(pixel.GetProperty("id").GetInt64(), data.GetProperty("pixelId").GetInt64());
        // What MailSignal's payload shows (no GeoIP database here: no location), with the verdict and its reason.
        Assert.Equal(("Outlook", "Desktop", "Windows"), (data.GetProperty("emailClient").GetString(), data.GetProperty("device").GetString(), data.GetProperty("os").GetString()));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("location").ValueKind);
        Assert.Equal(JsonValueKind.String, data.GetProperty("locationHash").ValueKind);
        Assert.False(data.GetProperty("bot").GetBoolean());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("botReason").ValueKind);

        var attempt = Assert.Single(await WaitForDeliveriesAsync(tenant, id, a => a.Count > 0));
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.True(attempt.GetProperty("delivered").GetBoolean());
    }

    [Fact]
    public async Task A_receiver_that_is_down_for_a_while_gets_every_event_afterwards_with_the_same_webhook_ids()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = WebhookReceiver.Mode.Down;
        var (tenant, _, pixel) = await NewPixelAsync();
        var id = (await CreateWebhookAsync(tenant, new { url = receiver.Url, events = new[] { "email.opened" } })).GetProperty("id").GetInt64();
        const int hits = 8;
        for (var i = 0; i < hits; i++) await tenant.HitAsync($"{pixel.GetProperty("url").GetString()}?d=outage{i}");

        // Refused for a while (several attempts each), then the receiver comes back.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (receiver.Requests.Count < 2 * hits && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(receiver.Requests.Count >= hits, "every event was tried while the receiver was down");
        receiver.Answer = WebhookReceiver.Mode.Up;
        deadline = DateTime.UtcNow.AddSeconds(15);
        while (receiver.Requests.Where(r => r.Answered200).Select(r => r.Id).Distinct().Count() < hits && DateTime.UtcNow < deadline) await Task.Delay(50);

        var requests = receiver.Requests.ToList();
        var delivered = requests.Where(r => r.Answered200).Select(r => r.Id).Distinct().ToList();
        Assert.Equal(hits, delivered.Count);
        // Every refused attempt was of one of those events: a redelivery carries the event's webhook-id.
        Assert.All(requests.Where(r => !r.Answered200), r => Assert.Contains(r.Id, delivered));
        var attempts = await WaitForDeliveriesAsync(tenant, id, a => a.Count(d => d.GetProperty("delivered").GetBoolean()) == hits);
        Assert.Contains(attempts, a => a.GetProperty("statusCode").GetInt32() == 503 && !a.GetProperty("delivered").GetBoolean());
        Assert.Contains(attempts, a => a.GetProperty("attempt").GetInt32() > 1 && a.GetProperty("delivered").GetBoolean());
    }

    [Fact]
    public async Task A_hanging_receiver_holds_back_no_other_webhook_and_410_disables_with_the_reason_shown()
    {
        await using var hanging = await WebhookReceiver.StartAsync();
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var gone = await WebhookReceiver.StartAsync();
        hanging.Answer = WebhookReceiver.Mode.Hang;
        gone.Answer = WebhookReceiver.Mode.Gone;
        var (tenant, _, pixel) = await NewPixelAsync();
        await CreateWebhookAsync(tenant, new { url = hanging.Url, events = new[] { "email.opened" } });
        await CreateWebhookAsync(tenant, new { url = healthy.Url, events = new[] { "email.opened" } });
        var goneId = (await CreateWebhookAsync(tenant, new { url = gone.Url, events = new[] { "email.opened" } })).GetProperty("id").GetInt64();

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync($"{pixel.GetProperty("url").GetString()}?d=h{i}")).StatusCode);
        Assert.Equal(5, (await WaitForAsync(healthy, 5)).Select(r => r.Id).Distinct().Count());

        var disabled = await WaitForWebhookAsync(tenant, goneId, w => !w.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", disabled.GetProperty("disabledReason").GetString());
        var sent = gone.Requests.Count;
        await tenant.HitAsync(pixel.GetProperty("url").GetString()!);
        await WaitForAsync(healthy, 6);
        Assert.Equal(sent, gone.Requests.Count);
    }

    [Fact]
    public async Task A_disabled_webhook_is_sent_nothing_of_its_time_off()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, _, pixel) = await NewPixelAsync();
        var id = (await CreateWebhookAsync(tenant, new { url = receiver.Url, events = new[] { "email.opened" }, enabled = false })).GetProperty("id").GetInt64();
        await tenant.HitAsync($"{pixel.GetProperty("url").GetString()}?d=off");
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}", 1);
        // The hit above is in the feed (counted) before the webhook is enabled.
        await Tenant.MsgAsync(await tenant.Client.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { enabled = true }));
        await tenant.HitAsync($"{pixel.GetProperty("url").GetString()}?d=on");
        var delivered = Assert.Single(await WaitForAsync(receiver, 1));
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}", 2);
        await Task.Delay(500);
        Assert.Single(receiver.Requests.DistinctBy(r => r.Id));
        Assert.Equal(delivered.Id, receiver.Requests.First().Id);
    }

    [Fact]
    public async Task Unsubscribes_and_bounces_are_delivered_and_the_test_endpoint_sends_a_test_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, tracking, _) = await NewPixelAsync();
        var id = (await CreateWebhookAsync(tenant, new { url = receiver.Url, events = new[] { "recipient.unsubscribed", "recipient.bounced" }, mailTrackingId = tracking }))
            .GetProperty("id").GetInt64();
        var recipients = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "ann@example.com" } });
        var recipient = (await Tenant.MsgAsync(recipients)).GetProperty("recipients")[0].GetProperty("id").GetInt64();
        await tenant.Client.PostAsync($"/api/v1/recipients/{recipient}/unsubscribed", null);
        await tenant.Client.PostAsync($"/api/v1/recipients/{recipient}/unsubscribed", null);
        await tenant.Client.PostAsync($"/api/v1/recipients/{recipient}/bounced", null);
        var events = await WaitForAsync(receiver, 2);
        // Once each (the repeated unsubscribe is the same event), in no promised order.
        Assert.Equal(["recipient.bounced", "recipient.unsubscribed"], events.Select(e => e.Event).Order());

        var test = await Tenant.MsgAsync(await tenant.Client.PostAsync($"/api/v1/webhooks/{id}/test", null));
        Assert.True(test.GetProperty("delivered").GetBoolean());
        Assert.Equal("webhook.test", test.GetProperty("event").GetString());
        Assert.Contains(receiver.Requests, r => r.Event == "webhook.test");
    }

    [Fact]
    public async Task Webhooks_are_listed_changed_and_deleted_and_bad_input_gets_a_4xx_envelope()
    {
        var (tenant, tracking, _) = await NewPixelAsync();
        var id = (await CreateWebhookAsync(tenant, new { url = "https://hooks.example.com/mt", events = new[] { "email.opened" } })).GetProperty("id").GetInt64();
        var list = (await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/webhooks"))).GetProperty("webhooks");
        Assert.Equal([id], list.EnumerateArray().Select(w => w.GetProperty("id").GetInt64()));

        var patched = await Tenant.MsgAsync(await tenant.Client.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { events = new[] { "link.clicked" }, mailTrackingId = tracking, enabled = false }));
        Assert.Equal(["link.clicked"], patched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(tracking, patched.GetProperty("mailTrackingId").GetInt64());
        Assert.False(patched.GetProperty("enabled").GetBoolean());
        var cleared = await Tenant.MsgAsync(await tenant.Client.PatchAsync($"/api/v1/webhooks/{id}", new StringContent("{\"mailTrackingId\":null}", Encoding.UTF8, "application/json")));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("mailTrackingId").ValueKind);

        foreach (var bad in new[]
        {
            "{}", "{\"url\":\"https://hooks.example.com/\"}", "{\"url\":\"https://hooks.example.com/\",\"events\":[]}",
            "{\"url\":\"https://hooks.example.com/\",\"events\":[\"email.exploded\"]}", "{\"url\":\"https://hooks.example.com/\",\"events\":[null]}", "{\"url\":\"not a url\",\"events\":[\"email.opened\"]}",
            "{\"url\":\"https://hooks.example.com/\",\"events\":[\"email.opened\"],\"secret\":\"plain\"}", "{\"url\":",
        })
        {
            var response = await tenant.Client.PostAsync("/api/v1/webhooks", new StringContent(bad, Encoding.UTF8, "application/json"));
            await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error");
        }
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsJsonAsync("/api/v1/webhooks",
            new { url = "https://hooks.example.com/", events = new[] { "email.opened" }, mailTrackingId = 123456789 }), 404, "not_found");

        var other = await host.CreateTenantAsync();
        await EmbeddedHostTests.AssertErrorAsync(await other.Client.GetAsync($"/api/v1/webhooks/{id}"), 404, "not_found");
        await EmbeddedHostTests.AssertErrorAsync(await other.Client.DeleteAsync($"/api/v1/webhooks/{id}"), 404, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/webhooks/{id}"), 404, "not_found");
        Assert.Empty((await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/webhooks"))).GetProperty("webhooks").EnumerateArray());
    }

    private async Task<(Tenant Tenant, long Tracking, JsonElement Pixel)> NewPixelAsync()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        return (tenant, tracking, await tenant.CreatePixelAsync(tracking));
    }

    private static async Task<JsonElement> CreateWebhookAsync(Tenant tenant, object body)
    {
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/webhooks", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Tenant.MsgAsync(response);
    }

    /// <summary>Waits until the receiver accepted <paramref name="count"/> distinct events; gives those requests.</summary>
    private static async Task<List<WebhookReceiver.Received>> WaitForAsync(WebhookReceiver receiver, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<WebhookReceiver.Received> accepted;
        while ((accepted = [.. receiver.Requests.Where(r => r.Answered200).DistinctBy(r => r.Id)]).Count < count && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.Equal(count, accepted.Count);
        return accepted;
    }

    /// <summary>
    /// The delivery log once it satisfies <paramref name="done"/>: an attempt is logged when the receiver's
    /// answer is in, a moment after the receiver saw the request.
    /// </summary>
    private static async Task<List<JsonElement>> WaitForDeliveriesAsync(Tenant tenant, long id, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var attempts = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/webhooks/{id}/deliveries?limit=100"))).GetProperty("deliveries")
                .EnumerateArray().ToList();
            if (done(attempts) || DateTime.UtcNow > deadline) return attempts;
            await Task.Delay(25);
        }
    }

    private static async Task<JsonElement> WaitForWebhookAsync(Tenant tenant, long id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var webhook = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/webhooks/{id}"));
            if (done(webhook)) return webhook;
            if (DateTime.UtcNow > deadline) Assert.Fail($"webhook {id} did not get there: {webhook.GetRawText()}");
            await Task.Delay(50);
        }
    }
}
