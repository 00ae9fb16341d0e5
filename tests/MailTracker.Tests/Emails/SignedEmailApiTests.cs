using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using MailTracker.Tests.Domains;
using MailTracker.Tests.Infrastructure;
using MimeKit;
using MimeKit.Cryptography;

namespace MailTracker.Tests.Emails;

/// <summary>
/// Messages from the account's verified sending domains, DKIM-signed with its key, and messages rendered from templates;
/// received over real SMTP and checked as a receiver would (the DKIM key looked up in the host's DNS), on both backends.
/// </summary>
public abstract class SignedEmailApiTests<THost>(THost host) : IClassFixture<THost> where THost : SmtpApiHost
{
    [Fact]
    public async Task A_message_arrives_with_a_DKIM_signature_that_verifies_against_the_key_the_domain_published()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var (ann, bob) = (EmailApiTests<THost>.Address("ann"), EmailApiTests<THost>.Address("bob"));
        await EmailApiTests<THost>.SendAsync(tenant, new
        {
            to = ann, cc = bob, from = $"Your App <hello@{domain}>", subject = "Welcome, Zoë!", text = "Start at https://example.com/start – ünïcödé.",
            html = "<p>Grüße: <a href=\"https://example.com/start\">Start</a></p>",
            attachments = new[] { new { filename = "a.txt", content = Convert.ToBase64String("Hello"u8.ToArray()), contentType = "text/plain" } },
        });
        var received = Assert.Single(await host.Sink.WaitForAsync(ann));

        var signature = received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)];
        var tags = signature.Value.Split(';').Select(t => t.Split('=', 2)).ToDictionary(t => t[0].Trim(), t => string.Concat(t[1].Where(c => !char.IsWhiteSpace(c))));
        Assert.Equal((domain, "rsa-sha256", "relaxed/relaxed"), (tags["d"], tags["a"], tags["c"]));
        var domains = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/domains/{domain}"));
        var dkim = domains.GetProperty("dnsRecords").EnumerateArray().Single(r => r.GetProperty("purpose").GetString() == "dkim");
        Assert.Equal(dkim.GetProperty("name").GetString(), $"{tags["s"]}._domainkey.{domain}");
        // Reply-To is signed though absent: it cannot be added on the way either.
        Assert.Equal(
            ["from", "subject", "date", "to", "cc", "reply-to", "message-id", "list-unsubscribe", "list-unsubscribe-post", "mime-version", "content-type"],
            tags["h"].ToLowerInvariant().Split(':'));

        // The bytes as they came over SMTP, the key from the DNS record the domain endpoint answered.
        var verifier = new DkimVerifier(new DnsKeyLocator(host.Dns.Endpoint));
        Assert.True(await verifier.VerifyAsync(received, signature));
        received.Headers.Replace(HeaderId.ListUnsubscribe, "<https://elsewhere.example/unsubscribe>");
        Assert.False(await verifier.VerifyAsync(received, signature));
    }

    [Fact]
    public async Task A_message_with_a_template_arrives_rendered_with_its_variables_and_personalised()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var template = await CreateTemplateAsync(tenant);
        var ann = EmailApiTests<THost>.Address("ann");
        var variables = new Dictionary<string, object> { ["user_name"] = "Ada & Co", ["company"] = "Acme", ["year"] = 2025 };

        var sent = await EmailApiTests<THost>.SendAsync(tenant, new { to = ann, from = $"hello@{domain}", template_id = template.ToString(), variables });
        Assert.Equal("Welcome to Acme, Ada & Co!", sent.GetProperty("subject").GetString());
        var id = sent.GetProperty("id").GetInt64();
        var email = await EmailApiTests<THost>.WaitForStatusAsync(tenant, id, "delivered");
        Assert.Equal(template.ToString(), email.GetProperty("template_id").GetString());
        Assert.Equal(new Dictionary<string, string> { ["user_name"] = "Ada & Co", ["company"] = "Acme", ["year"] = "2025" }, email.GetProperty("variables").Deserialize<Dictionary<string, string>>());
        var token = EmailApiTests<THost>.Recipient(email, ann).GetProperty("token").GetString()!;

        var received = Assert.Single(await host.Sink.WaitForAsync(ann));
        Assert.Equal("Welcome to Acme, Ada & Co!", received.Subject);
        var document = new HtmlParser().ParseDocument(received.HtmlBody!);
        Assert.Equal("Welcome, Ada & Co!", document.QuerySelector("h1")!.TextContent);
        var hrefs = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Matches($"^http://localhost/url/[A-Za-z0-9]+\\?r={token}$", hrefs[0]);
        Assert.Equal($"http://localhost/unsubscribe/{token}", hrefs[1]);
        Assert.Matches($"^http://localhost/image/[A-Za-z0-9]+\\.png\\?r={token}$", document.Body!.LastElementChild!.GetAttribute("src"));
        Assert.Equal($"Welcome Ada & Co! (c) 2025 Acme {hrefs[0]}", received.TextBody!.Trim());

        // The link counts for the recipient as any other.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var click = await tenant.HitAsync(hrefs[0]);
        Assert.Equal("https://example.com/start", click.Headers.Location!.ToString());

        // What the request gives wins over the template's; the rest comes from it.
        var bob = EmailApiTests<THost>.Address("bob");
        await EmailApiTests<THost>.SendAsync(tenant, new { to = bob, from = $"hello@{domain}", template_id = template.ToString(), variables, subject = "Hi", html = "<p>Own</p>" });
        var own = Assert.Single(await host.Sink.WaitForAsync(bob));
        Assert.Equal("Hi", own.Subject);
        Assert.Equal("Own", new HtmlParser().ParseDocument(own.HtmlBody!).QuerySelector("p")!.TextContent);
        Assert.StartsWith("Welcome Ada & Co! (c) 2025 Acme http://localhost/url/", own.TextBody!, StringComparison.Ordinal);
        // A message without a template shows none.
        var plain = await EmailApiTests<THost>.SendAsync(tenant, new { to = bob, from = $"hello@{domain}", subject = "Hi", text = "Hello" });
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (plain.GetProperty("template_id").ValueKind, plain.GetProperty("variables").ValueKind));
    }

    [Fact]
    public async Task An_unknown_or_foreign_template_is_a_404_and_missing_variables_a_422_naming_them()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var template = await CreateTemplateAsync(tenant);
        var other = await host.CreateTenantAsync();
        var otherDomain = await other.VerifiedDomainAsync();
        var to = EmailApiTests<THost>.Address("ann");

        foreach (var (sender, id) in new[] { (other, template.ToString()), (tenant, (template + 1_000_000).ToString()), (tenant, "welcome_email") })
        {
            var from = sender == other ? $"hello@{otherDomain}" : $"hello@{domain}";
            var (status, code, _) = await SendErrorAsync(sender, new { to, from, template_id = id, variables = new { user_name = "Ada", company = "Acme", year = 1 } });
            Assert.Equal((HttpStatusCode.NotFound, "template_not_found"), (status, code));
        }
        var missing = await SendErrorAsync(tenant, new { to, from = $"hello@{domain}", template_id = template.ToString(), variables = new { user_name = "Ada" } });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid_variables"), (missing.Status, missing.Code));
        Assert.Contains("company, year", missing.Message, StringComparison.Ordinal);
        var badValue = await SendErrorAsync(tenant, new { to, from = $"hello@{domain}", template_id = template.ToString(), variables = new { user_name = new[] { "Ada" }, company = "Acme", year = 1 } });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid_variables"), (badValue.Status, badValue.Code));
        Assert.Contains("user_name", badValue.Message, StringComparison.Ordinal);

        // Neither a body nor a template; variables without a template: 400s naming what to give.
        var noBody = await SendErrorAsync(tenant, new { to, from = $"hello@{domain}", subject = "Hi" });
        Assert.Equal(HttpStatusCode.BadRequest, noBody.Status);
        Assert.Contains("template_id", noBody.Message, StringComparison.Ordinal);
        var stray = await SendErrorAsync(tenant, new { to, from = $"hello@{domain}", subject = "Hi", text = "x", variables = new { a = "b" } });
        Assert.Equal(HttpStatusCode.BadRequest, stray.Status);
        Assert.Contains("template_id", stray.Message, StringComparison.Ordinal);
        foreach (var variables in new[] { """{"a\ud800":"x"}""", """{"a":"\ud800"}""", """{"a":"\u0000"}""", "[1]" })
        {
            var body = $$"""{"to":"{{to}}","from":"hello@{{domain}}","template_id":"{{template}}","variables":{{variables}}}""";
            var response = await tenant.Client.PostAsync("/api/v1/emails", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{variables}: {response.StatusCode}");
        }
        Assert.Empty(await host.Sink.WaitForAsync(to, count: 0));
    }

    [Fact]
    public async Task A_from_address_on_no_verified_domain_of_the_account_is_a_422_for_live_and_test_keys()
    {
        var tenant = await host.CreateTenantAsync();
        var issued = await tenant.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "staging", environment = "test" });
        var testTenant = new Tenant(host, tenant.AccountId, (await Tenant.MsgAsync(issued)).GetProperty("key").GetString()!);
        var pending = $"p{Guid.NewGuid():N}"[..13] + ".mailtracker-tests.example";
        Assert.Equal(HttpStatusCode.Created, (await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { domain = pending })).StatusCode);
        var othersDomain = await (await host.CreateTenantAsync()).VerifiedDomainAsync();
        var to = EmailApiTests<THost>.Address("ann");

        foreach (var (sender, domain, says) in new[]
        {
            (tenant, "unknown-domain.example", "add it with POST /api/v1/domains"),
            (testTenant, "unknown-domain.example", "add it with POST /api/v1/domains"),
            (tenant, pending, $"POST /api/v1/domains/{pending}/verify"),
            (testTenant, pending, "not verified yet"),
            (tenant, othersDomain, "not a domain of this account"),
        })
        {
            var (status, code, message) = await SendErrorAsync(sender, new { to, from = $"Your App <hello@{domain}>", subject = "Hi", text = "Hello" });
            Assert.Equal((HttpStatusCode.UnprocessableEntity, "domain_not_verified"), (status, code));
            Assert.Contains(domain, message, StringComparison.Ordinal);
            Assert.Contains(says, message, StringComparison.Ordinal);
        }
        Assert.Empty(await host.Sink.WaitForAsync(to, count: 0));
    }

    private static async Task<long> CreateTemplateAsync(Tenant tenant)
    {
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/templates", new
        {
            name = "welcome_email",
            subject = "Welcome to {{company}}, {{user_name}}!",
            html = "<html><body><h1>Welcome, {{user_name}}!</h1><p><a href=\"https://example.com/start\">Start</a> <a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p></body></html>",
            text = "Welcome {{user_name}}! (c) {{year}} {{company}} https://example.com/start",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Tenant.MsgAsync(response)).GetProperty("id").GetInt64();
    }

    private static async Task<(HttpStatusCode Status, string Code, string Message)> SendErrorAsync(Tenant tenant, object body)
    {
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/emails", body);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, error.GetProperty("error").GetProperty("code").GetString()!, error.GetProperty("msg").GetString()!);
    }
}
