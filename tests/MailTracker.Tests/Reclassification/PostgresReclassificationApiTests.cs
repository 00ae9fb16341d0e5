using System.Net;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Reclassification;

public sealed class PostgresReclassificationApiTests(PostgresReclassificationHost host) : ReclassificationApiTests<PostgresReclassificationHost>(host)
{
    // A made-up agent the operator's rules (version office-1) call a crawler; the shipped rules call it a person.
    private const string OfficeAgent = "ReclassifyTestAgent/1.0";

    [Fact]
    public async Task Hits_stored_under_the_operators_rules_are_judged_again_after_a_restart_with_the_shipped_rules_only()
    {
        var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("rules");
        var directory = Directory.CreateTempSubdirectory("mailtracker-rules-");
        var rulesFile = Path.Combine(directory.FullName, "rules.json");
        await File.WriteAllTextAsync(rulesFile, $$"""
            { "version": "office-1", "rules": [ { "id": "office-agent", "userAgent": { "equals": "{{OfficeAgent}}" },
              "verdict": "bot", "reason": "crawler", "source": "this test" } ] }
            """);
        Tenant tenant;
        long tracking, pixelId, recipientId;
        await using (var before = new RulesHost(new Dictionary<string, string> { ["ConnectionStrings:Postgres"] = database, ["MailTracker:Classification:RulesFile"] = rulesFile }))
        {
            await before.InitializeAsync();
            tenant = await before.CreateTenantAsync();
            string pixelUrl;
            (tracking, pixelId, recipientId, pixelUrl) = await TrackingWithRecipientAsync(tenant);
            before.Clock.Advance(TimeSpan.FromMinutes(2));
            await tenant.HitAsync(pixelUrl + "&d=office", userAgent: OfficeAgent);
            await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 1);
            var row = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"))).GetProperty("data")[0];
            Assert.Equal("crawler", row.GetProperty("botReason").GetString());
        }

        await using var after = new RulesHost(new Dictionary<string, string> { ["ConnectionStrings:Postgres"] = database });
        await after.InitializeAsync();
        var same = new Tenant(after, tenant.AccountId, tenant.Key);
        var recipient = await RecipientAsync(same, recipientId);
        Assert.Equal((0, 1), (recipient.GetProperty("opens").GetInt64(), recipient.GetProperty("botOpens").GetInt64()));

        Assert.Equal(HttpStatusCode.Accepted, (await same.Client.PostAsync($"/api/v1/mail-tracking/{tracking}/reclassify", null)).StatusCode);
        var done = await DoneAsync(same, $"/api/v1/mail-tracking/{tracking}/reclassify");
        Assert.Equal(("2", 1, 1), (done.GetProperty("rulesVersion").GetString(), done.GetProperty("judged").GetInt64(), done.GetProperty("changed").GetInt64()));
        var data = await Tenant.MsgAsync(await same.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"));
        Assert.False(data.GetProperty("data")[0].GetProperty("bot").GetBoolean());
        Assert.Equal((1, 0), (data.GetProperty("humanOpens").GetInt64(), data.GetProperty("botOpens").GetInt64()));
        recipient = await RecipientAsync(same, recipientId);
        Assert.Equal((1, 0), (recipient.GetProperty("opens").GetInt64(), recipient.GetProperty("botOpens").GetInt64()));
        Assert.Equal(recipient.GetProperty("firstOpen").GetDateTimeOffset(), DateTimeOffset.FromUnixTimeMilliseconds(data.GetProperty("data")[0].GetProperty("date").GetInt64()), TimeSpan.FromSeconds(1));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, recipient.GetProperty("firstBotOpen").ValueKind);
        directory.Delete(recursive: true);
    }
}
