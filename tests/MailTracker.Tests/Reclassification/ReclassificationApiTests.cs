using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Grains.Reclassification;
using MailTracker.Hits;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Reclassification;

/// <summary>
/// Judging a tracking's stored hits again, as a user sees it: verdicts, counters and the recipient's first open change together, the
/// counters still equal the rows, a second request is a no-op, and a job whose batch failed resumes to the same end.
/// </summary>
public abstract class ReclassificationApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    // Outlook for Windows (Microsoft 365), as listed by github.com/matomo-org/device-detector's pim fixtures: a person.
    private const string OutlookWindows = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)";

    // curl's default agent (https://curl.se/docs/manpage.html#-A): an HTTP library, a bot.
    private const string Curl = "curl/8.4.0";

    [Fact]
    public async Task Verdicts_counters_and_first_opens_change_together_and_a_second_request_is_a_no_op()
    {
        var tenant = await host.CreateTenantAsync();
        var (tracking, pixelId, recipientId, pixelUrl) = await TrackingWithRecipientAsync(tenant);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await tenant.HitAsync(pixelUrl + "&d=outlook", userAgent: OutlookWindows);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await tenant.HitAsync(pixelUrl + "&d=curl", userAgent: Curl);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await tenant.HitAsync(pixelUrl + "&d=thunderbird");
        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 3);

        // As rules of an older version had judged them: Outlook a crawler, curl a person.
        var store = ReclassificationHosting.Actual(host.Services);
        var stored = await store.ReadAsync(tenant.AccountId, tracking, StoredHitCursor.Start, "1", 10);
        await store.ApplyAsync([.. stored.Select(h => new HitReverdict(h,
            h.UserAgent == OutlookWindows ? BotVerdict.BotBecause(BotReasons.Crawler, "1")
            : h.UserAgent == Curl ? BotVerdict.Human("1")
            : h.Verdict with { RulesVersion = "1" }))], "1");
        var before = await RecipientAsync(tenant, recipientId);
        Assert.True(before.GetProperty("firstOpen").GetDateTimeOffset() > before.GetProperty("firstBotOpen").GetDateTimeOffset());

        var started = await tenant.Client.PostAsync($"/api/v1/mail-tracking/{tracking}/reclassify", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(tracking, (await Tenant.MsgAsync(started)).GetProperty("mailTrackingId").GetInt64());
        var done = await DoneAsync(tenant, $"/api/v1/mail-tracking/{tracking}/reclassify");
        Assert.Equal((3, 2), (done.GetProperty("judged").GetInt64(), done.GetProperty("changed").GetInt64()));
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("finished").ValueKind);
        // One of the three batches failed once on the way, and was done again.
        Assert.True(((FailingOnceReclassificationStore)host.Services.GetRequiredService<IReclassificationStore>()).Failures > 0);

        var data = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"));
        var rows = data.GetProperty("data").EnumerateArray().ToDictionary(r => r.GetProperty("customData").GetString()!);
        Assert.Equal((false, null), (rows["outlook"].GetProperty("bot").GetBoolean(), rows["outlook"].GetProperty("botReason").GetString()));
        Assert.Equal((true, "http-library"), (rows["curl"].GetProperty("bot").GetBoolean(), rows["curl"].GetProperty("botReason").GetString()));
        Assert.False(rows["thunderbird"].GetProperty("bot").GetBoolean());
        // The counters equal the rows behind them.
        Assert.Equal((2, 1), (data.GetProperty("humanOpens").GetInt64(), data.GetProperty("botOpens").GetInt64()));
        Assert.Equal(1, rows.Values.Count(r => r.GetProperty("bot").GetBoolean()));
        var pixel = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}"));
        Assert.Equal((2, 1), (pixel.GetProperty("humanOpens").GetInt64(), pixel.GetProperty("botOpens").GetInt64()));
        var after = await RecipientAsync(tenant, recipientId);
        Assert.True(after.GetProperty("firstOpen").GetDateTimeOffset() < after.GetProperty("firstBotOpen").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("firstBotOpen").GetDateTimeOffset(), after.GetProperty("firstOpen").GetDateTimeOffset());
        Assert.Equal((2, 1), (after.GetProperty("opens").GetInt64(), after.GetProperty("botOpens").GetInt64()));

        // Done under these rules: asking again starts nothing and answers the same job.
        var again = await Tenant.MsgAsync(await tenant.Client.PostAsync($"/api/v1/mail-tracking/{tracking}/reclassify", null));
        Assert.Equal(done.GetRawText(), again.GetRawText());

        // The operator's, for the whole account: the tracking's job is done already.
        var admin = host.CreateAdminClient();
        var account = await admin.PostAsync($"/admin/v1/accounts/{tenant.AccountId}/reclassify", null);
        Assert.Equal(HttpStatusCode.Accepted, account.StatusCode);
        var whole = await Tenant.MsgAsync(account);
        Assert.Equal(("done", 1, 3), (whole.GetProperty("state").GetString(), whole.GetProperty("mailTrackings").GetInt32(), whole.GetProperty("judged").GetInt64()));
        Assert.Equal("done", (await Tenant.MsgAsync(await admin.GetAsync($"/admin/v1/accounts/{tenant.AccountId}/reclassify"))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Another_accounts_tracking_a_bad_id_and_a_job_never_started_are_not_found()
    {
        var tenant = await host.CreateTenantAsync();
        var other = await host.CreateTenantAsync();
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();

        await AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/mail-tracking/{tracking}/reclassify"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await other.Client.PostAsync($"/api/v1/mail-tracking/{tracking}/reclassify", null), HttpStatusCode.NotFound);
        await AssertErrorAsync(await tenant.Client.PostAsync("/api/v1/mail-tracking/not-a-number/reclassify", null), HttpStatusCode.NotFound);
        await AssertErrorAsync(await tenant.Anonymous().PostAsync($"/api/v1/mail-tracking/{tracking}/reclassify", null), HttpStatusCode.Unauthorized);
        var admin = host.CreateAdminClient();
        await AssertErrorAsync(await admin.PostAsync($"/admin/v1/accounts/{tenant.AccountId + 1_000_000_007}/reclassify", null), HttpStatusCode.NotFound);
        await AssertErrorAsync(await admin.GetAsync($"/admin/v1/accounts/{other.AccountId}/reclassify"), HttpStatusCode.NotFound);

        // Started by its own account, it is found there only; nothing stored, nothing judged.
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Client.PostAsync($"/api/v1/mail-tracking/{tracking}/reclassify", null)).StatusCode);
        var done = await DoneAsync(tenant, $"/api/v1/mail-tracking/{tracking}/reclassify");
        Assert.Equal(0, done.GetProperty("judged").GetInt64());
        await AssertErrorAsync(await other.Client.GetAsync($"/api/v1/mail-tracking/{tracking}/reclassify"), HttpStatusCode.NotFound);
    }

    public static async Task<(long Tracking, long PixelId, long RecipientId, string PixelUrl)> TrackingWithRecipientAsync(Tenant tenant)
    {
        var tracking = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        var pixelId = (await tenant.CreatePixelAsync(tracking)).GetProperty("id").GetInt64();
        var created = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "reader@example.com" } }));
        var recipient = created.GetProperty("recipients")[0];
        return (tracking, pixelId, recipient.GetProperty("id").GetInt64(), recipient.GetProperty("pixelUrl").GetString()!);
    }

    public static async Task<JsonElement> RecipientAsync(Tenant tenant, long id) =>
        await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/recipients/{id}"));

    /// <summary>Reads the job's progress until it is done (a batch a tick: well within the deadline).</summary>
    public static async Task<JsonElement> DoneAsync(Tenant tenant, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var progress = await Tenant.MsgAsync(await tenant.Client.GetAsync(path));
            if (progress.GetProperty("state").GetString() == "done") return progress;
            Assert.Equal("running", progress.GetProperty("state").GetString());
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path}: still running: {progress.GetRawText()}");
            await Task.Delay(25);
        }
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal((int)status, body.GetProperty("error").GetProperty("status").GetInt32());
    }
}
