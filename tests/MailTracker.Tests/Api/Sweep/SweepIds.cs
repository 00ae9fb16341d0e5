using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>Real entities of the sweep's tenant, so that half of the junk gets past the 404 to the checks behind it.</summary>
public sealed record SweepIds(
    long Account, long Tracking, long Pixel, string PixelPath, long Url, string LinkPath, long Recipient, string RecipientToken,
    long Webhook, long Track, string Campaign, long SpareKey, string SessionCookie, long Template)
{
    public static async Task<SweepIds> CreateAsync(Tenant tenant)
    {
        var tracking = (await tenant.CreateTrackingAsync(new { name = "Sweep" })).GetProperty("id").GetInt64();
        var pixel = await tenant.CreatePixelAsync(tracking);
        var url = await tenant.CreateUrlAsync(tracking);
        var recipients = await MsgAsync(await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{tracking}/recipients", new { emails = new[] { "sweep@example.com" } }));
        var recipient = recipients.GetProperty("recipients")[0];
        var webhook = await MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://sweep.invalid/hook", events = new[] { "email.opened" } }));
        const string campaign = "sweep-campaign";
        var track = await MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "track@example.com", campaign }));
        var template = await MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/templates", new { name = "sweep", subject = "Hi {{name}}", html = "<p>{{name}}</p>" }));
        var spare = await MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "spare", environment = "live" }));
        var pixelPath = new Uri(pixel.GetProperty("url").GetString()!).AbsolutePath;
        var linkPath = new Uri(url.GetProperty("trackableUrl").GetString()!).AbsolutePath;
        // One open and one click, so that the data endpoints and feeds have something to page through.
        await tenant.HitAsync("http://localhost" + pixelPath);
        await tenant.HitAsync("http://localhost" + linkPath);
        // A session of the tracking page, so that its junk query reaches more than the sign-in redirect.
        var signIn = new HttpRequestMessage(HttpMethod.Post, "/tracking/sign-in") { Content = new FormUrlEncodedContent([new("key", tenant.Key)]) };
        var signedIn = await tenant.Anonymous().SendAsync(signIn);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        return new SweepIds(tenant.AccountId, tracking, pixel.GetProperty("id").GetInt64(), pixelPath, url.GetProperty("id").GetInt64(), linkPath,
            recipient.GetProperty("id").GetInt64(), recipient.GetProperty("token").GetString()!, webhook.GetProperty("id").GetInt64(),
            track.GetProperty("id").GetInt64(), campaign, spare.GetProperty("id").GetInt64(), session, template.GetProperty("id").GetInt64());
    }

    /// <summary>The real id for a path parameter, by the collection the path names before it (<c>/pixel/{id}</c> is a pixel's).</summary>
    public long For(string template, string parameter)
    {
        var segments = template.Split('/');
        var at = Array.IndexOf(segments, "{" + parameter + "}");
        return (at > 0 ? segments[at - 1] : "") switch
        {
            "pixel" => Pixel,
            "url" => Url,
            "recipients" => Recipient,
            "webhooks" => Webhook,
            "templates" => Template,
            "tracks" => Track,
            "api-keys" => SpareKey,
            "accounts" => Account,
            _ => Tracking,
        };
    }

    private static async Task<JsonElement> MsgAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Tenant.MsgAsync(response);
    }
}
