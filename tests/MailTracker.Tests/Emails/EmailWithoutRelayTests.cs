using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

/// <summary>A deployment without an SMTP relay refuses live messages with a sentence that says what to configure.</summary>
public sealed class EmailWithoutRelayTests(EmbeddedApiHost host) : IClassFixture<EmbeddedApiHost>
{
    [Fact]
    public async Task A_live_key_gets_a_422_naming_the_setting()
    {
        var tenant = await host.CreateTenantAsync();
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/emails", new { to = "ann@example.com", from = "hello@yourapp.com", subject = "Hi", text = "Hello" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("smtp_not_configured", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("MailTracker__Smtp__Host", body.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }
}
