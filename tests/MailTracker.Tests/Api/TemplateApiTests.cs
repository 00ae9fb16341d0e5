using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailTracker.Tests.Foundation;
using MailTracker.Templates;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Api;

/// <summary>TrackPost's templates through HTTP, run against the embedded default and against PostgreSQL.</summary>
public abstract class TemplateApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost
{
    /// <summary>The seed's example template.</summary>
    private static readonly object Welcome = new
    {
        name = "welcome_email",
        subject = "Welcome to {{company}}, {{user_name}}!",
        html = "<h1>Welcome, {{user_name}}!</h1><p>We're excited to have you at {{company}}.</p>",
        text = "Welcome {{user_name}}! We're excited to have you at {{company}}.",
    };

    [Fact]
    public async Task A_template_is_created_read_listed_changed_and_deleted()
    {
        var tenant = await host.CreateTenantAsync();
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/templates", Welcome);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Tenant.MsgAsync(response);
        var id = created.GetProperty("id").GetInt64();
        Assert.EndsWith($"/api/v1/templates/{id}", response.Headers.Location!.ToString());
        Assert.Equal("welcome_email", created.GetProperty("name").GetString());
        Assert.Equal("Welcome to {{company}}, {{user_name}}!", created.GetProperty("subject").GetString());
        Assert.Equal(["company", "user_name"], created.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(created.GetProperty("created_at").GetDateTimeOffset(), created.GetProperty("updated_at").GetDateTimeOffset());

        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/templates/{id}"));
        Assert.Equal(created.GetRawText(), got.GetRawText());

        var list = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/templates"));
        Assert.Equal([id], list.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));

        var changed = await Tenant.MsgAsync(await tenant.Client.PatchAsJsonAsync($"/api/v1/templates/{id}", new { name = "welcome_email_v2", text = "" }));
        Assert.Equal("welcome_email_v2", changed.GetProperty("name").GetString());
        Assert.Equal("Welcome to {{company}}, {{user_name}}!", changed.GetProperty("subject").GetString());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("text").ValueKind);
        Assert.StartsWith("<h1>", changed.GetProperty("html").GetString());

        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.DeleteAsync($"/api/v1/templates/{id}")).StatusCode);
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync($"/api/v1/templates/{id}"), 404, "template_not_found");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.DeleteAsync($"/api/v1/templates/{id}"), 404, "template_not_found");
        Assert.Empty((await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/templates"))).GetProperty("templates").EnumerateArray());
    }

    [Fact]
    public async Task Rendering_escapes_variables_in_the_html_only()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateAsync(tenant, Welcome);
        var response = await tenant.Client.PostAsJsonAsync($"/api/v1/templates/{id}/render",
            new { variables = new { user_name = "<b>Ada</b> & \"Bo\"", company = "Test Company" } });
        var rendered = await Tenant.MsgAsync(response);
        Assert.Equal("Welcome to Test Company, <b>Ada</b> & \"Bo\"!", rendered.GetProperty("subject").GetString());
        Assert.Equal("<h1>Welcome, &lt;b&gt;Ada&lt;/b&gt; &amp; &quot;Bo&quot;!</h1><p>We're excited to have you at Test Company.</p>",
            rendered.GetProperty("html").GetString());
        Assert.Equal("Welcome <b>Ada</b> & \"Bo\"! We're excited to have you at Test Company.", rendered.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Rendering_takes_numbers_and_booleans_and_triple_braces_put_html_in_unescaped()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateAsync(tenant, new { name = "receipt", subject = "Order {{order}}", html = "<p>{{{banner}}} {{total}} {{paid}}{{! a comment }}</p>" });
        var rendered = await Tenant.MsgAsync(await tenant.Client.PostAsync($"/api/v1/templates/{id}/render",
            Json("""{"variables": {"order": 1042, "banner": "<b>Thanks</b>", "total": 12.50, "paid": true, "unused": "x"}}""")));
        Assert.Equal("Order 1042", rendered.GetProperty("subject").GetString());
        Assert.Equal("<p><b>Thanks</b> 12.50 true</p>", rendered.GetProperty("html").GetString());
        Assert.Equal(JsonValueKind.Null, rendered.GetProperty("text").ValueKind);
    }

    [Fact]
    public async Task Missing_variables_are_a_422_naming_each_of_them()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateAsync(tenant, new { name = "n", subject = "Hi {{first_name}}", html = "<p>{{city}} {{first_name}} {{zip}}</p>" });
        var body = await EmbeddedHostTests.AssertErrorAsync(
            await tenant.Client.PostAsync($"/api/v1/templates/{id}/render", Json("""{"variables": {"city": "Bonn", "zip": null}}""")), 422, "invalid_variables");
        var msg = body.GetProperty("msg").GetString()!;
        Assert.Contains("first_name, zip", msg);
        Assert.DoesNotContain("city", msg);

        var invalid = await EmbeddedHostTests.AssertErrorAsync(
            await tenant.Client.PostAsync($"/api/v1/templates/{id}/render", Json("""{"variables": {"first_name": ["a"], "city": {"x": 1}, "zip": "1"}}""")), 422, "invalid_variables");
        Assert.Contains("first_name, city", invalid.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task A_rendering_that_would_be_too_long_is_a_422_and_nothing_is_built()
    {
        var tenant = await host.CreateTenantAsync();
        // 10,000 tags of a 400 KB value would be 4 GB; an escaped value counts as escaped (a quote is 6 characters).
        var id = await CreateAsync(tenant, new { name = "bomb", subject = "s", html = string.Concat(Enumerable.Repeat("{{v}}", 10_000)) });
        var body = await EmbeddedHostTests.AssertErrorAsync(
            await tenant.Client.PostAsJsonAsync($"/api/v1/templates/{id}/render", new { variables = new { v = new string('x', 400_000) } }), 422, "invalid_variables");
        Assert.Contains("html", body.GetProperty("msg").GetString());
        await EmbeddedHostTests.AssertErrorAsync(
            await tenant.Client.PostAsJsonAsync($"/api/v1/templates/{id}/render", new { variables = new { v = new string('"', 17) } }), 422, "invalid_variables");
        var fits = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync($"/api/v1/templates/{id}/render", new { variables = new { v = new string('x', 90) } }));
        Assert.Equal(900_000, fits.GetProperty("html").GetString()!.Length);
    }

    [Fact]
    public async Task The_grain_renders_for_its_account_only_what_sending_with_a_template_calls()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateAsync(tenant, Welcome);
        var template = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ITemplateGrain>(id);

        var rendering = await template.RenderAsync(tenant.AccountId, new Dictionary<string, string> { ["user_name"] = "<i>Ada</i>", ["company"] = "Acme" });
        Assert.Empty(rendering!.MissingVariables);
        Assert.Equal("Welcome to Acme, <i>Ada</i>!", rendering.Rendered!.Subject);
        Assert.Equal("<h1>Welcome, &lt;i&gt;Ada&lt;/i&gt;!</h1><p>We're excited to have you at Acme.</p>", rendering.Rendered.Html);
        Assert.Equal("Welcome <i>Ada</i>! We're excited to have you at Acme.", rendering.Rendered.Text);

        var missing = await template.RenderAsync(tenant.AccountId, new Dictionary<string, string>());
        Assert.Null(missing!.Rendered);
        Assert.Equal(["company", "user_name"], missing.MissingVariables);
        Assert.Null(await template.RenderAsync(tenant.AccountId + 1, new Dictionary<string, string>()));
    }

    [Fact]
    public async Task Another_account_s_template_and_an_unknown_one_are_the_same_404()
    {
        var owner = await host.CreateTenantAsync();
        var other = await host.CreateTenantAsync();
        var id = await CreateAsync(owner, Welcome);
        foreach (var path in new[] { $"/api/v1/templates/{id}", $"/api/v1/templates/{id + 1_000_000_007}" })
        {
            await EmbeddedHostTests.AssertErrorAsync(await other.Client.GetAsync(path), 404, "template_not_found");
            await EmbeddedHostTests.AssertErrorAsync(await other.Client.PatchAsJsonAsync(path, new { name = "mine" }), 404, "template_not_found");
            await EmbeddedHostTests.AssertErrorAsync(await other.Client.DeleteAsync(path), 404, "template_not_found");
            await EmbeddedHostTests.AssertErrorAsync(await other.Client.PostAsJsonAsync($"{path}/render", new { variables = new { } }), 404, "template_not_found");
            await EmbeddedHostTests.AssertErrorAsync(await other.Client.PostAsync($"{path}/render", Json("""{"variables": {"a": []}}""")), 404, "template_not_found");
        }
        Assert.Empty((await Tenant.MsgAsync(await other.Client.GetAsync("/api/v1/templates"))).GetProperty("templates").EnumerateArray());
        Assert.Equal("welcome_email", (await Tenant.MsgAsync(await owner.Client.GetAsync($"/api/v1/templates/{id}"))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_list_pages_by_offset_and_by_cursor_oldest_first()
    {
        var tenant = await host.CreateTenantAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await CreateAsync(tenant, new { name = $"t{i}", subject = "s", text = "x" }));

        var byOffset = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/templates?limit=2&offset=3"));
        Assert.Equal(ids[3..], byOffset.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, byOffset.GetProperty("_links").GetProperty("next").ValueKind);

        var seen = new List<long>();
        var path = "/api/v1/templates?limit=2";
        while (true)
        {
            var page = await Tenant.MsgAsync(await tenant.Client.GetAsync(path));
            seen.AddRange(page.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
            if (page.GetProperty("_links").GetProperty("next").ValueKind == JsonValueKind.Null) break;
            path = new Uri(page.GetProperty("_links").GetProperty("next").GetProperty("href").GetString()!).PathAndQuery;
            // Deleting the last one seen does not move the next page.
            if (seen.Count == 2) Assert.Equal(HttpStatusCode.OK, (await tenant.Client.DeleteAsync($"/api/v1/templates/{seen[^1]}")).StatusCode);
        }
        Assert.Equal(ids, seen);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"subject":"s","text":"t"}""")]
    [InlineData("""{"name":"  ","subject":"s","text":"t"}""")]
    [InlineData("""{"name":"n","text":"t"}""")]
    [InlineData("""{"name":"n","subject":"","text":"t"}""")]
    [InlineData("""{"name":"n","subject":"s"}""")]
    [InlineData("""{"name":"n","subject":"s","html":"","text":""}""")]
    [InlineData("""{"name":"n","subject":"s","text":"a\u0000b"}""")]
    [InlineData("""{"name":42,"subject":"s","text":"t"}""")]
    [InlineData("null")]
    public async Task Bad_template_bodies_get_a_400(string body)
    {
        var tenant = await host.CreateTenantAsync();
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsync("/api/v1/templates", Json(body)), 400, "validation_error");
    }

    [Theory]
    [InlineData("subject", "Hi {{name", "subject")]
    [InlineData("html", "<p>{{#vip}}VIP{{/vip}}</p>", "html")]
    [InlineData("text", "{{^vip}}x{{/vip}}", "text")]
    [InlineData("text", "{{> footer}}", "text")]
    [InlineData("html", "{{user.name}}", "html")]
    [InlineData("text", "{{#open}}", "text")]
    public async Task A_source_that_is_not_a_template_of_variables_is_a_400_naming_its_field(string field, string source, string named)
    {
        var tenant = await host.CreateTenantAsync();
        var fields = new Dictionary<string, string> { ["name"] = "n", ["subject"] = "s", ["text"] = "t", [field] = source };
        var created = await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsJsonAsync("/api/v1/templates", fields), 400, "validation_error");
        Assert.StartsWith(named, created.GetProperty("msg").GetString());

        var id = await CreateAsync(tenant, new { name = "n", subject = "s", text = "t" });
        var changed = await EmbeddedHostTests.AssertErrorAsync(
            await tenant.Client.PatchAsJsonAsync($"/api/v1/templates/{id}", new Dictionary<string, string> { [field] = source }), 400, "validation_error");
        Assert.StartsWith(named, changed.GetProperty("msg").GetString());
        Assert.Equal("t", (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/templates/{id}"))).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Sizes_are_bounded()
    {
        var tenant = await host.CreateTenantAsync();
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsJsonAsync("/api/v1/templates", new { name = new string('n', 129), subject = "s", text = "t" }), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsJsonAsync("/api/v1/templates", new { name = "n", subject = new string('s', 999), text = "t" }), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsJsonAsync("/api/v1/templates", new { name = "n", subject = "s", text = new string('t', 500_001) }), 400, "validation_error");
        await CreateAsync(tenant, new { name = new string('n', 128), subject = new string('s', 998), html = new string('h', 500_000) });
    }

    [Fact]
    public async Task Patch_cannot_leave_a_template_without_a_body_and_bad_render_requests_are_400s()
    {
        var tenant = await host.CreateTenantAsync();
        var id = await CreateAsync(tenant, new { name = "n", subject = "s", text = "t" });
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PatchAsJsonAsync($"/api/v1/templates/{id}", new { text = "" }), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PatchAsJsonAsync($"/api/v1/templates/{id}", new { subject = "" }), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsync($"/api/v1/templates/{id}/render", Json("""{"variables": "x"}""")), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.PostAsync($"/api/v1/templates/{id}/render", Json("""{"variables": [1]}""")), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/templates?limit=101"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/templates?offset=-1"), 400, "validation_error");
        await EmbeddedHostTests.AssertErrorAsync(await tenant.Client.GetAsync("/api/v1/templates?after=nope"), 400, "validation_error");
        // A template without variables renders with none given.
        var rendered = await Tenant.MsgAsync(await tenant.Client.PostAsync($"/api/v1/templates/{id}/render", Json("{}")));
        Assert.Equal("t", rendered.GetProperty("text").GetString());
    }

    private static async Task<long> CreateAsync(Tenant tenant, object body)
    {
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/templates", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Tenant.MsgAsync(response)).GetProperty("id").GetInt64();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
