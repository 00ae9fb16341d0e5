using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Hits;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Hits;

/// <summary>
/// One hit policy: a hit logged raw because its token's grain did not answer in time (what the hit endpoints do then) ends,
/// once the partition tailer resolves it, as the same data row, the same verdict and the same recipient counts as the same
/// request recorded at once.
/// </summary>
public abstract class UnresolvedHitPolicyTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    [Fact]
    public async Task An_unresolved_hit_ends_as_the_same_row_verdict_and_recipient_counts_as_a_resolved_one()
    {
        var tenant = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync(new { name = "Policy" })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(tracking);
        var link = await tenant.CreateUrlAsync(tracking);
        var created = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients",
            new { emails = new[] { "resolved@example.com", "unresolved@example.com" } }));
        var recipients = created.GetProperty("recipients").EnumerateArray().ToList();
        var intake = host.Services.GetRequiredService<IHitIntake>();

        // The same requests for each recipient: a person's open, an Apple proxy's open, and a click seconds after the
        // recipient was created (a scanner's, by the early-click rule, which needs the recipient).
        string Token(JsonElement trackable) => trackable.GetProperty("token").GetString()!.Replace(".png", "");
        var requests = new (HitKind Kind, string Token, string Ip, string Agent)[]
        {
            (HitKind.Click, Token(link), "198.51.100.21", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"),
            (HitKind.Open, Token(pixel), "198.51.100.20", "Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0"),
            (HitKind.Open, Token(pixel), "17.58.1.2", "Mozilla/5.0"),
        };
        foreach (var (kind, token, ip, agent) in requests)
        {
            // The click comes at once; the opens a minute after the send, as a person's would.
            if (kind == HitKind.Open) host.Clock.Advance(TimeSpan.FromMinutes(1));
            var resolvedRequest = new HitRequest(IPAddress.Parse(ip), agent, "resolved", recipients[0].GetProperty("token").GetString(), false);
            var facts = await intake.ResolveAsync(token, kind);
            Assert.NotNull(facts);
            await intake.RecordAsync(facts, resolvedRequest);
            await intake.RecordUnresolvedAsync(token, kind, resolvedRequest with { CustomData = "unresolved", RecipientToken = recipients[1].GetProperty("token").GetString() });
        }

        var pixelPath = $"/api/v1/pixel/{pixel.GetProperty("id").GetInt64()}";
        var linkPath = $"/api/v1/url/{link.GetProperty("id").GetInt64()}";
        await tenant.WaitForCountAsync(pixelPath, 4);
        await tenant.WaitForCountAsync(linkPath, 2);
        foreach (var path in new[] { pixelPath, linkPath })
        {
            var rows = (await Tenant.MsgAsync(await tenant.Client.GetAsync(path + "/data"))).GetProperty("data").EnumerateArray().ToList();
            var resolved = rows.Where(r => r.GetProperty("customData").GetString() == "resolved").Select(Comparable).ToList();
            var unresolved = rows.Where(r => r.GetProperty("customData").GetString() == "unresolved").Select(Comparable).ToList();
            Assert.Equal(requests.Count(r => path == pixelPath ? r.Kind == HitKind.Open : r.Kind == HitKind.Click), resolved.Count);
            Assert.Equal(resolved.Order(), unresolved.Order());
        }
        var counts = new List<string>();
        foreach (var recipient in recipients)
        {
            var info = await WaitForAsync(tenant, $"/api/v1/recipients/{recipient.GetProperty("id").GetInt64()}", r => r.GetProperty("botClicks").GetInt64() == 1);
            counts.Add(string.Join(",", new[] { "opens", "botOpens", "clicks", "botClicks" }.Select(p => info.GetProperty(p).GetInt64()))
                + string.Join(",", new[] { "firstOpen", "firstBotOpen", "firstClick", "firstBotClick" }.Select(p => info.GetProperty(p).ValueKind)));
        }
        Assert.Equal("1,1,0,1", counts[0][..7]);
        Assert.Equal(counts[0], counts[1]);
    }

    /// <summary>A data row without what differs by design: its time, custom data and recipient.</summary>
    private static string Comparable(JsonElement row) =>
        string.Join("|", row.EnumerateObject().Where(p => p.Name is not ("date" or "customData" or "recipient" or "id")).Select(p => $"{p.Name}={p.Value}"));

    private static async Task<JsonElement> WaitForAsync(Tenant tenant, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var got = await Tenant.MsgAsync(await tenant.Client.GetAsync(path));
            if (done(got)) return got;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} never got there: {got}");
            await Task.Delay(25);
        }
    }
}
