using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>
/// On a real port, where Kestrel's own limits apply (the in-memory test server has none): a long path, query or header
/// reaches the application and is answered with the error envelope, not Kestrel's bare 414 or 431.
/// </summary>
public sealed class OversizedRequestTests(EmbeddedPageHost host) : IClassFixture<EmbeddedPageHost>
{
    [Fact]
    public async Task A_long_path_query_or_header_is_answered_by_the_api_with_the_envelope()
    {
        var tenant = await host.CreateTenantAsync();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenant.Key);
        var junk = new string('7', 20_000);
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/api/v1/mail-tracking/{junk}"),
            new HttpRequestMessage(HttpMethod.Get, $"/api/v1/pixel/{junk}/data"),
            new HttpRequestMessage(HttpMethod.Get, $"/api/v1/mail-tracking?limit={junk}"),
            Headed(new HttpRequestMessage(HttpMethod.Post, "/api/v1/mail-tracking"), "Idempotency-Key", new string('k', 30_000)),
        })
        {
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            Assert.InRange(status, 400, 499);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.False(body.RootElement.GetProperty("success").GetBoolean());
            Assert.Equal(status, body.RootElement.GetProperty("error").GetProperty("status").GetInt32());
        }
    }

    private static HttpRequestMessage Headed(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        request.Content = new StringContent("{\"name\":\"x\"}", System.Text.Encoding.UTF8, "application/json");
        return request;
    }
}
