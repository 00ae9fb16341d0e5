using System.Net;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Classification;

/// <summary>What a pixel's data entries show of the reader, read from the hit's user agent.</summary>
public sealed class DataEntryClientTests(EmbeddedApiHost host) : IClassFixture<EmbeddedApiHost>
{
    // Outlook 2016 on Windows 10: github.com/ua-parser/uap-core/issues/132
    private const string Outlook = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.6326; Pro)";

    // Gmail's image proxy: matomo-org/device-detector Tests/fixtures/bots.yml
    private const string GmailProxy = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

    [Fact]
    public async Task A_data_entry_shows_the_mail_client_device_and_os_of_its_user_agent()
    {
        var tenant = await host.CreateTenantAsync();
        var pixel = await tenant.CreatePixelAsync((await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64());
        var pixelId = pixel.GetProperty("id").GetInt64();
        var url = pixel.GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(url, ip: "198.51.100.21", userAgent: Outlook)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(url, ip: "198.51.100.22", userAgent: GmailProxy)).StatusCode);

        await tenant.WaitForCountAsync($"/api/v1/pixel/{pixelId}", 2);
        var rows = (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/pixel/{pixelId}/data"))).GetProperty("data").EnumerateArray()
            .ToDictionary(r => r.GetProperty("userAgent").GetString()!);
        Assert.Equal("Outlook", rows[Outlook].GetProperty("emailClient").GetString());
        Assert.Equal("Desktop", rows[Outlook].GetProperty("device").GetString());
        Assert.Equal("Windows", rows[Outlook].GetProperty("os").GetString());
        // The proxy's agent says nothing of the reader's device.
        Assert.Equal("Gmail", rows[GmailProxy].GetProperty("emailClient").GetString());
        Assert.Equal(JsonValueKind.Null, rows[GmailProxy].GetProperty("device").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[GmailProxy].GetProperty("os").ValueKind);
    }
}
