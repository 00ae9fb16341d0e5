using System.Net;
using System.Net.Http.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Cluster;

/// <summary>
/// Webhook deliveries survive the cluster: events queued for a receiver that is down are still delivered
/// after every silo was SIGKILLed and a new one started (its reminder brings the webhook back).
/// </summary>
public sealed class WebhookRestartTests
{
    private const int Hits = 20;

    [Fact]
    public async Task Deliveries_pending_when_the_silos_are_killed_are_made_after_a_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = WebhookReceiver.Mode.Down;
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("webhookkill");
        var adminToken = "admin-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["MailTracker__AdminToken"] = adminToken,
            ["Orleans__ClusterId"] = "webhookkill-" + Guid.NewGuid().ToString("N")[..8],
        };
        foreach (var (setting, value) in FastWebhooks.Settings) environment[setting.Replace(":", "__")] = value;
        await using var first = SiloProcess.Start(environment);
        await using var second = SiloProcess.Start(environment);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());

        using var tenant = await SiloApi.CreateTenantAsync(first, adminToken, "Webhooks");
        var api = tenant.Api;
        var tracking = (await SiloApi.MsgAsync(await api.PostAsJsonAsync("/api/v1/mail-tracking", new { name = "W" }))).GetProperty("id").GetInt64();
        var pixel = new Uri((await SiloApi.MsgAsync(await api.PostAsync($"/api/v1/mail-tracking/{tracking}/pixel", null))).GetProperty("url").GetString()!).PathAndQuery;
        var webhook = await api.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "email.opened" } });
        Assert.Equal(HttpStatusCode.Created, webhook.StatusCode);

        using (var hits = new HttpClient { BaseAddress = second.BaseAddress })
        {
            for (var i = 0; i < Hits; i++) Assert.Equal(HttpStatusCode.OK, (await hits.GetAsync($"{pixel}?d=w{i}")).StatusCode);
        }
        // Every event queued and refused at least once: they are pending in the outbox.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (receiver.Requests.Select(r => r.Id).Distinct().Count() < Hits && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(Hits, receiver.Requests.Select(r => r.Id).Distinct().Count());
        Assert.DoesNotContain(receiver.Requests, r => r.Answered200);

        first.KillNow();
        second.KillNow();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await second.WaitForExitAsync(TimeSpan.FromSeconds(10));
        receiver.Answer = WebhookReceiver.Mode.Up;
        await using var third = SiloProcess.Start(environment);
        await third.WaitReadyAsync();

        // Nobody touches the webhook: its reminder (every minute) activates it on the new silo.
        deadline = DateTime.UtcNow.AddSeconds(150);
        while (receiver.Requests.Where(r => r.Answered200).Select(r => r.Id).Distinct().Count() < Hits && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(Hits, receiver.Requests.Where(r => r.Answered200).Select(r => r.Id).Distinct().Count());
    }
}
