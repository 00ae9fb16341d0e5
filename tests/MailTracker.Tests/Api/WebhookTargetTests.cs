using System.Net;
using System.Net.Http.Json;
using MailTracker.Tests.Foundation;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary>Webhooks with the operator setting off (the default): private and loopback targets are refused, and plain http.</summary>
public sealed class WebhookTargetTests(EmbeddedApiHost host) : IClassFixture<EmbeddedApiHost>
{
    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("http://hooks.example.com/hook")]
    public async Task A_private_target_or_plain_http_is_refused(string url)
    {
        var tenant = await host.CreateTenantAsync();
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/webhooks", new { url, events = new[] { "email.opened" } });
        await EmbeddedHostTests.AssertErrorAsync(response, 400, "validation_error");
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_when_connecting()
    {
        var tenant = await host.CreateTenantAsync();
        var created = await tenant.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://localhost/hook", events = new[] { "email.opened" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Tenant.MsgAsync(created)).GetProperty("id").GetInt64();
        var test = await Tenant.MsgAsync(await tenant.Client.PostAsync($"/api/v1/webhooks/{id}/test", null));
        Assert.False(test.GetProperty("delivered").GetBoolean());
        Assert.Contains("may not reach", test.GetProperty("error").GetString());
    }
}
