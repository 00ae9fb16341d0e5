using System.Net;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary>The OpenAPI document at /openapi/v1.json and the interactive reference at /docs.</summary>
public sealed class OpenApiTests(EmbeddedApiHost host) : IClassFixture<EmbeddedApiHost>
{
    [Fact]
    public async Task The_document_describes_the_api()
    {
        var response = await host.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var paths = root.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/v1/mail-tracking", "/api/v1/mail-tracking/{id}", "/api/v1/mail-tracking/{id}/pixel", "/api/v1/mail-tracking/{id}/url",
            "/api/v1/pixel/{id}", "/api/v1/pixel/{id}/data", "/api/v1/url/{id}", "/api/v1/url/{id}/data", "/api/v1/recipients",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the document");
        }
        // Creating a pixel answers 201, as the seed says.
        Assert.True(paths.GetProperty("/api/v1/mail-tracking/{id}/pixel").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
        Assert.Equal("listAccountRecipients", paths.GetProperty("/api/v1/recipients").GetProperty("get").GetProperty("operationId").GetString());
        // The recipients' hit endpoints and the operator's dashboard are not part of the integrators' API.
        Assert.False(paths.TryGetProperty("/image/{token}", out _));
    }

    [Fact]
    public async Task The_document_names_the_api_key_and_summarises_every_operation()
    {
        using var document = JsonDocument.Parse(await host.CreateClient().GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        var query = schemes.EnumerateObject().Select(s => s.Value).Single(s => s.GetProperty("type").GetString() == "apiKey");
        Assert.Equal("query", query.GetProperty("in").GetString());
        Assert.Equal("key", query.GetProperty("name").GetString());
        Assert.Contains(schemes.EnumerateObject(), s => s.Value.GetProperty("type").GetString() == "http" && s.Value.GetProperty("scheme").GetString() == "bearer");

        foreach (var path in root.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                Assert.True(operation.Value.TryGetProperty("summary", out var summary) && summary.GetString() is { Length: > 0 },
                    $"{operation.Name.ToUpperInvariant()} {path.Name} has no summary");
                Assert.True(operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
                    $"{operation.Name.ToUpperInvariant()} {path.Name} names no security requirement");
            }
        }
    }

    [Fact]
    public async Task The_docs_page_is_html()
    {
        var response = await host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true }).GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
    }
}
