using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

/// <summary>Messages sent through a real SMTP server in process and read back as a recipient would, on both backends.</summary>
public abstract class EmailApiTests<THost>(THost host) : IClassFixture<THost> where THost : SmtpApiHost
{
    private const string Html =
        """
        <html><body><h1>Welcome!</h1>
        <p><a href="https://example.com/start">Start</a> or <a href="mailto:help@yourapp.com">write to us</a>,
        <a href="#terms">terms</a>, <a href="https://example.com/start">start again</a>.</p>
        <p><a href="{{unsubscribe_url}}">Unsubscribe</a></p></body></html>
        """;

    [Fact]
    public async Task A_message_arrives_once_per_recipient_personalised_with_trackable_links_a_pixel_and_one_click_unsubscribe()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var (ann, bob) = (Address("ann"), Address("bob"));
        var sent = await SendAsync(tenant, new
        {
            to = ann, cc = new[] { bob }, from = $"Your App <hello@{domain}>", subject = "Welcome!", html = Html,
            text = "Welcome! Start at https://example.com/start.", tags = new[] { "onboarding" },
        });
        Assert.Equal("queued", sent.GetProperty("status").GetString());
        var id = sent.GetProperty("id").GetInt64();

        var email = await WaitForStatusAsync(tenant, id, "delivered");
        Assert.NotEqual(JsonValueKind.Null, email.GetProperty("sent_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, email.GetProperty("delivered_at").ValueKind);
        var annMessage = Assert.Single(await host.Sink.WaitForAsync(ann));
        var bobMessage = Assert.Single(await host.Sink.WaitForAsync(bob));
        var annToken = Recipient(email, ann).GetProperty("token").GetString()!;

        // The same headers for both, the body their own.
        Assert.Equal("Welcome!", annMessage.Subject);
        Assert.Equal([ann], annMessage.To.Mailboxes.Select(m => m.Address));
        Assert.Equal([bob], annMessage.Cc.Mailboxes.Select(m => m.Address));
        Assert.NotEqual(annMessage.MessageId, bobMessage.MessageId);
        Assert.Equal($"<http://localhost/unsubscribe/{annToken}>", annMessage.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", annMessage.Headers["List-Unsubscribe-Post"]);

        var document = new HtmlParser().ParseDocument(annMessage.HtmlBody!);
        var hrefs = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Matches($"^http://localhost/url/[A-Za-z0-9]+\\?r={annToken}$", hrefs[0]);
        Assert.Equal(hrefs[0], hrefs[3]);
        Assert.Equal(["mailto:help@yourapp.com", "#terms", $"http://localhost/unsubscribe/{annToken}"], [hrefs[1], hrefs[2], hrefs[4]]);
        Assert.DoesNotContain("https://example.com/start", annMessage.HtmlBody, StringComparison.Ordinal);
        var pixel = document.Body!.LastElementChild!;
        Assert.Equal("IMG", pixel.TagName);
        Assert.Matches($"^http://localhost/image/[A-Za-z0-9]+\\.png\\?r={annToken}$", pixel.GetAttribute("src"));
        Assert.Contains($"{hrefs[0]}.", annMessage.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(annToken, bobMessage.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_and_clicking_from_the_received_html_counts_for_that_recipient_and_the_message()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var ann = Address("ann");
        var id = (await SendAsync(tenant, new { to = new[] { ann, Address("bob") }, from = $"hello@{domain}", subject = "Hi", html = Html })).GetProperty("id").GetInt64();
        var received = Assert.Single(await host.Sink.WaitForAsync(ann));
        var document = new HtmlParser().ParseDocument(received.HtmlBody!);
        var link = document.QuerySelector("a")!.GetAttribute("href")!;
        var pixel = document.QuerySelector("img")!.GetAttribute("src")!;

        // A person opens it a minute after the send (sooner is a scanner's timing).
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(pixel)).StatusCode);
        var click = await tenant.HitAsync(link);
        Assert.Equal(HttpStatusCode.Found, click.StatusCode);
        Assert.Equal("https://example.com/start", click.Headers.Location!.ToString());

        var email = await WaitForAsync(tenant, id, e => e.GetProperty("opens_count").GetInt64() == 1 && e.GetProperty("clicks_count").GetInt64() == 1);
        Assert.NotEqual(JsonValueKind.Null, email.GetProperty("opened_at").ValueKind);
        var recipientId = Recipient(email, ann).GetProperty("recipient_id").GetInt64();
        var recipient = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/recipients/{recipientId}"));
        Assert.Equal((1, 1), (recipient.GetProperty("opens").GetInt64(), recipient.GetProperty("clicks").GetInt64()));
        Assert.NotEqual(JsonValueKind.Null, recipient.GetProperty("firstOpen").ValueKind);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_for_good_ends_bounced_with_its_reason_and_the_webhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var hook = await tenant.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "email.sent", "email.bounced", "recipient.bounced" } });
        Assert.Equal(HttpStatusCode.Created, hook.StatusCode);
        var nobody = $"{SmtpSink.RejectedPrefix}-{Guid.NewGuid():N}@example.com";
        var id = (await SendAsync(tenant, new { to = nobody, from = $"hello@{domain}", subject = "Hi", text = "Hello" })).GetProperty("id").GetInt64();

        var email = await WaitForStatusAsync(tenant, id, "bounced");
        Assert.Contains(SmtpSink.RejectionReason, email.GetProperty("bounce_reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("550", Recipient(email, nobody).GetProperty("bounce_reason").GetString(), StringComparison.Ordinal);
        var recipientId = Recipient(email, nobody).GetProperty("recipient_id").GetInt64();
        var recipient = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/recipients/{recipientId}"));
        Assert.NotEqual(JsonValueKind.Null, recipient.GetProperty("bounced").ValueKind);

        var events = await WaitForEventsAsync(receiver, 3);
        Assert.Equal(["email.bounced", "email.sent", "recipient.bounced"], events.Order());
        Assert.Empty(await host.Sink.WaitForAsync(nobody, count: 0));
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_and_the_message_arrives_once()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var later = $"{SmtpSink.DeferredPrefix}-{Guid.NewGuid():N}@example.com";
        var id = (await SendAsync(tenant, new { to = later, from = $"hello@{domain}", subject = "Hi", text = "Hello" })).GetProperty("id").GetInt64();

        await WaitForStatusAsync(tenant, id, "delivered");
        Assert.Single(await host.Sink.WaitForAsync(later));
    }

    [Fact]
    public async Task A_test_key_goes_through_everything_but_smtp()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var issued = await tenant.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "staging", environment = "test" });
        var testTenant = new Tenant(host, tenant.AccountId, (await Tenant.MsgAsync(issued)).GetProperty("key").GetString()!);
        var (quiet, loud) = (Address("quiet"), Address("loud"));

        var sent = await SendAsync(testTenant, new { to = quiet, from = $"hello@{domain}", subject = "Hi", html = Html });
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.True(sent.GetProperty("test").GetBoolean());
        // A live message sent after it arrives; the test one never does.
        await SendAsync(tenant, new { to = loud, from = $"hello@{domain}", subject = "Hi", html = Html });
        Assert.Single(await host.Sink.WaitForAsync(loud));
        Assert.DoesNotContain(host.Sink.Messages, m => m.Recipients.Contains(quiet));
        var email = await Tenant.MsgAsync(await testTenant.Client.GetAsync($"/api/v1/emails/{sent.GetProperty("id").GetInt64()}"));
        Assert.Equal("sent", email.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_one_click_post_unsubscribes_the_recipient_and_a_get_only_shows_the_button()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var ann = Address("ann");
        var id = (await SendAsync(tenant, new { to = ann, from = $"hello@{domain}", subject = "Hi", html = Html })).GetProperty("id").GetInt64();
        var received = Assert.Single(await host.Sink.WaitForAsync(ann));
        var url = received.Headers["List-Unsubscribe"]!.Trim('<', '>');
        var recipientId = Recipient(await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/emails/{id}")), ann).GetProperty("recipient_id").GetInt64();

        var page = await tenant.Anonymous().GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync()).QuerySelector("form")!;
        Assert.Equal(("post", new Uri(url).AbsolutePath), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal(JsonValueKind.Null, (await RecipientAsync(tenant, recipientId)).GetProperty("unsubscribed").ValueKind);

        // What a mail provider posts for RFC 8058's one click.
        var post = await tenant.Anonymous().PostAsync(new Uri(url).PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await RecipientAsync(tenant, recipientId)).GetProperty("unsubscribed").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Anonymous().PostAsync("/unsubscribe/rUnknownToken000000000000", null)).StatusCode);
    }

    [Fact]
    public async Task Messages_are_listed_newest_first_and_filtered_by_status_recipient_sender_and_tags()
    {
        var tenant = await host.CreateTenantAsync();
        var domain = await tenant.VerifiedDomainAsync();
        var ann = Address("ann");
        var first = (await SendAsync(tenant, new { to = ann, from = $"news@{domain}", subject = "One", text = "1", tags = new[] { "weekly", "news" } })).GetProperty("id").GetInt64();
        var second = (await SendAsync(tenant, new { to = Address("bob"), from = $"hello@{domain}", subject = "Two", text = "2", tags = new[] { "weekly" } })).GetProperty("id").GetInt64();
        await WaitForStatusAsync(tenant, first, "delivered");
        await WaitForStatusAsync(tenant, second, "delivered");

        Assert.Equal([second, first], await ListAsync(tenant, ""));
        Assert.Equal([first], await ListAsync(tenant, $"?to={ann}"));
        Assert.Equal([second], await ListAsync(tenant, $"?from=hello@{domain}"));
        Assert.Equal([first], await ListAsync(tenant, "?tags=weekly,news"));
        Assert.Equal([second, first], await ListAsync(tenant, "?status=delivered"));
        Assert.Empty(await ListAsync(tenant, "?status=bounced"));
        var page = await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/emails?limit=1"));
        Assert.Equal((2, true), (page.GetProperty("pagination").GetProperty("total").GetInt64(), page.GetProperty("pagination").GetProperty("has_more").GetBoolean()));
        Assert.Equal(HttpStatusCode.BadRequest, (await tenant.Client.GetAsync("/api/v1/emails?status=complained")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Client.GetAsync($"/api/v1/emails/{first + 1_000_000}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.CreateTenantAsync()).Client.GetAsync($"/api/v1/emails/{first}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"from":"a@yourapp.com","subject":"s","html":"x"}""", "to is required")]
    [InlineData("""{"to":["ok@example.com","not an address"],"from":"a@yourapp.com","subject":"s","html":"x"}""", "to: 'not an address'")]
    [InlineData("""{"to":"ok@example.com","cc":5,"from":"a@yourapp.com","subject":"s","html":"x"}""", "cc must be")]
    [InlineData("""{"to":"ok@example.com","subject":"s","html":"x"}""", "from is required")]
    [InlineData("""{"to":"ok@example.com","from":"a@yourapp.com","html":"x"}""", "subject is required")]
    [InlineData("""{"to":"ok@example.com","from":"a@yourapp.com","subject":"s"}""", "html or text is required")]
    [InlineData("""{"to":"ok@example.com","from":"a@yourapp.com","subject":"s","text":"x","attachments":[{"filename":"a.pdf","content":"%%%"}]}""", "attachments[0].content")]
    [InlineData("""{"to":"ok@example.com","from":"a@yourapp.com","subject":"s","text":"x","tags":["a,b"]}""", "tags:")]
    public async Task Bad_messages_get_a_400_naming_the_field(string body, string message)
    {
        var tenant = await host.CreateTenantAsync();
        var response = await tenant.Client.PostAsync("/api/v1/emails", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    internal static string Address(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    internal static async Task<JsonElement> SendAsync(Tenant tenant, object body)
    {
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/emails", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Tenant.MsgAsync(response);
    }

    internal static JsonElement Recipient(JsonElement email, string address) =>
        email.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("email").GetString() == address);

    private static async Task<JsonElement> RecipientAsync(Tenant tenant, long id) => await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/recipients/{id}"));

    private static async Task<List<long>> ListAsync(Tenant tenant, string query) =>
        [.. (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/emails{query}"))).GetProperty("emails").EnumerateArray().Select(e => e.GetProperty("id").GetInt64())];

    internal static Task<JsonElement> WaitForStatusAsync(Tenant tenant, long id, string status) =>
        WaitForAsync(tenant, id, e => e.GetProperty("status").GetString() == status);

    private static async Task<JsonElement> WaitForAsync(Tenant tenant, long id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var email = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/emails/{id}"));
            if (done(email)) return email;
            if (DateTime.UtcNow > deadline) Assert.Fail($"email {id} did not get there: {email.GetRawText()}");
            await Task.Delay(25);
        }
    }

    private static async Task<List<string>> WaitForEventsAsync(WebhookReceiver receiver, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<WebhookReceiver.Received> accepted;
        while ((accepted = [.. receiver.Requests.Where(r => r.Answered200).DistinctBy(r => r.Id)]).Count < count && DateTime.UtcNow < deadline) await Task.Delay(25);
        return [.. accepted.Select(r => r.Event)];
    }
}
