using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MailTracker.Tests.Foundation;

/// <summary>The embedded default through HTTP: health, dashboard protection, operator API, error envelope.</summary>
public sealed class EmbeddedHostTests(EmbeddedApp app) : IClassFixture<EmbeddedApp>
{
    [Fact]
    public async Task Health_endpoints_answer_200_once_the_silo_is_active()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_is_refused_without_the_admin_token()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertErrorAsync(response, 401, "authentication_error");

        client.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-" + app.AdminToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_is_served_to_the_admin_token()
    {
        var response = await app.CreateAdminClient().GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task A_browser_is_sent_to_the_login_form_and_its_cookie_opens_the_dashboard()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var challenge = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        challenge.Headers.Accept.ParseAdd("text/html");
        var redirect = await client.SendAsync(challenge);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/admin/login", redirect.Headers.Location?.OriginalString);

        var form = await client.GetStringAsync("/admin/login");
        Assert.Contains("<form method=\"post\" action=\"/admin/login\">", form);

        var wrong = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "nope" }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var login = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = app.AdminToken,
            ["returnUrl"] = "/dashboard/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/dashboard/", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task Login_never_redirects_to_another_site()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = app.AdminToken,
            ["returnUrl"] = "//evil.example/",
        }));
        Assert.Equal("/dashboard/", login.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Operator_creates_lists_and_reads_accounts_with_distinct_ids()
    {
        var client = app.CreateAdminClient();
        var name = "Acme " + Guid.NewGuid().ToString("N");
        var first = await client.PostAsJsonAsync("/admin/v1/accounts", new { name, plan = "indie" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg");
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal("indie", created.GetProperty("plan").GetString());
        var id = created.GetProperty("id").GetInt64();

        var second = await client.PostAsJsonAsync("/admin/v1/accounts", new { name = name + "-2" });
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetProperty("id").GetInt64();
        Assert.NotEqual(id, secondId);

        var read = await client.GetFromJsonAsync<JsonElement>($"/admin/v1/accounts/{id}");
        Assert.True(read.GetProperty("success").GetBoolean());
        Assert.Equal(name, read.GetProperty("msg").GetProperty("name").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/admin/v1/accounts");
        var ids = list.GetProperty("msg").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(id, ids);
        Assert.Contains(secondId, ids);
    }

    [Fact]
    public async Task Operator_api_requires_the_admin_token()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/admin/v1/accounts", new { name = "x" });
        await AssertErrorAsync(response, 401, "authentication_error");
    }

    [Theory]
    [InlineData("{\"name\":", "validation_error")]
    [InlineData("{\"name\": 42}", "validation_error")]
    [InlineData("{\"name\": \"\"}", "validation_error")]
    [InlineData("{\"name\": \"x\", \"plan\": \"platinum\"}", "validation_error")]
    public async Task Bad_input_gets_a_400_envelope(string body, string code)
    {
        var response = await app.CreateAdminClient().PostAsync("/admin/v1/accounts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, 400, code);
    }

    [Fact]
    public async Task Unknown_routes_and_entities_get_a_404_envelope()
    {
        await AssertErrorAsync(await app.CreateClient().GetAsync("/no/such/thing"), 404, "not_found");
        await AssertErrorAsync(await app.CreateAdminClient().GetAsync("/admin/v1/accounts/123"), 404, "not_found");
    }

    internal static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("msg").GetString()));
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(status, body.GetProperty("error").GetProperty("status").GetInt32());
        return body;
    }
}
