using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

/// <summary>
/// Scheduled sends and their cancel, through a real SMTP server in process, on both backends. Times are the receipt times
/// the SMTP server records against the host's clock (no clock is advanced in this class).
/// </summary>
public abstract class ScheduledEmailTests<THost>(THost host) : IClassFixture<THost> where THost : SmtpApiHost
{
    /// <summary>The promise: a scheduled message leaves within 5 s of its time.</summary>
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_message_scheduled_three_seconds_ahead_arrives_once_not_before_its_time_and_within_five_seconds_after()
    {
        var tenant = await host.CreateTenantAsync();
        var from = $"hello@{await tenant.VerifiedDomainAsync()}";
        var ann = Address("ann");
        var at = host.Clock.GetUtcNow().AddSeconds(3);

        var sent = await SendAsync(tenant, new { to = ann, from, subject = "Later", text = "Hello", scheduled_at = Iso(at) });
        Assert.Equal("scheduled", sent.GetProperty("status").GetString());
        Assert.Equal(Truncated(at), sent.GetProperty("scheduled_at").GetDateTimeOffset());
        var id = sent.GetProperty("id").GetInt64();
        Assert.Equal("scheduled", (await GetAsync(tenant, id)).GetProperty("status").GetString());
        Assert.Contains(id, await ListAsync(tenant, "?status=scheduled"));

        var received = Assert.Single(await host.Sink.WaitForReceivedAsync(ann, 1, TimeSpan.FromSeconds(3) + Promise + TimeSpan.FromSeconds(2)));
        Assert.InRange(received.At, Truncated(at), at + Promise);
        var email = await WaitForStatusAsync(tenant, id, "delivered");
        Assert.True(email.GetProperty("sent_at").GetDateTimeOffset() >= Truncated(at));
        Assert.Single(host.Sink.Messages, m => m.Recipients.Contains(ann));
    }

    [Fact]
    public async Task A_cancelled_message_never_arrives_and_raises_no_email_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await host.CreateTenantAsync();
        var from = $"hello@{await tenant.VerifiedDomainAsync()}";
        Assert.Equal(HttpStatusCode.Created, (await tenant.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "email.sent" } })).StatusCode);
        var (cancelled, control) = (Address("cancelled"), Address("control"));
        var at = host.Clock.GetUtcNow().AddSeconds(2);
        var id = (await SendAsync(tenant, new { to = cancelled, from, subject = "Never", text = "Hello", scheduled_at = Iso(at) })).GetProperty("id").GetInt64();
        // Due just after the cancelled one: once it has arrived, the sender has passed the cancelled one's time.
        var controlId = (await SendAsync(tenant, new { to = control, from, subject = "Control", text = "Hello", scheduled_at = Iso(at.AddMilliseconds(200)) }))
            .GetProperty("id").GetInt64();

        var cancel = await tenant.Client.DeleteAsync($"/api/v1/emails/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var answer = await Tenant.MsgAsync(cancel);
        Assert.Equal((id, "cancelled"), (answer.GetProperty("id").GetInt64(), answer.GetProperty("status").GetString()));
        var again = await tenant.Client.DeleteAsync($"/api/v1/emails/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("email_not_cancellable", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());

        Assert.Single(await host.Sink.WaitForReceivedAsync(control, 1, TimeSpan.FromSeconds(2) + Promise + TimeSpan.FromSeconds(2)));
        await WaitForStatusAsync(tenant, controlId, "delivered");
        var controlEvent = await WaitForEventAsync(receiver, controlId);
        Assert.DoesNotContain(host.Sink.Messages, m => m.Recipients.Contains(cancelled));
        var email = await GetAsync(tenant, id);
        Assert.Equal("cancelled", email.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, email.GetProperty("sent_at").ValueKind);
        Assert.Equal([id], await ListAsync(tenant, "?status=cancelled"));
        Assert.DoesNotContain(receiver.Requests, r => EmailIdOf(r) == id);
        Assert.Equal("email.sent", controlEvent.Event);
    }

    [Fact]
    public async Task A_sent_message_can_no_longer_be_cancelled_and_an_unknown_or_foreign_one_is_not_found()
    {
        var tenant = await host.CreateTenantAsync();
        var from = $"hello@{await tenant.VerifiedDomainAsync()}";
        var ann = Address("ann");
        var id = (await SendAsync(tenant, new { to = ann, from, subject = "Now", text = "Hello" })).GetProperty("id").GetInt64();
        await WaitForStatusAsync(tenant, id, "delivered");

        var cancel = await tenant.Client.DeleteAsync($"/api/v1/emails/{id}");
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        var error = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("email_not_cancellable", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("is delivered: only a scheduled message", error.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal("delivered", (await GetAsync(tenant, id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Client.DeleteAsync($"/api/v1/emails/{id + 1_000_000}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.CreateTenantAsync()).Client.DeleteAsync($"/api/v1/emails/{id}")).StatusCode);
        Assert.Single(await host.Sink.WaitForAsync(ann));
    }

    [Fact]
    public async Task A_time_in_the_past_sends_now()
    {
        var tenant = await host.CreateTenantAsync();
        var from = $"hello@{await tenant.VerifiedDomainAsync()}";
        var ann = Address("ann");
        var at = host.Clock.GetUtcNow().AddHours(-1);
        var sent = await SendAsync(tenant, new { to = ann, from, subject = "Now", text = "Hello", scheduled_at = Iso(at.ToOffset(TimeSpan.FromHours(2))) });

        Assert.Equal("queued", sent.GetProperty("status").GetString());
        Assert.Equal(Truncated(at), sent.GetProperty("scheduled_at").GetDateTimeOffset());
        Assert.Single(await host.Sink.WaitForAsync(ann));
    }

    [Theory]
    [InlineData("2030-01-15T10:30:00", "with an offset")]
    [InlineData("tomorrow", "ISO 8601")]
    [InlineData("", "ISO 8601")]
    [InlineData("far", "days ahead")]
    public async Task A_bad_or_too_distant_time_is_a_400_naming_scheduled_at(string scheduledAt, string message)
    {
        var tenant = await host.CreateTenantAsync();
        var from = $"hello@{await tenant.VerifiedDomainAsync()}";
        var value = scheduledAt == "far" ? Iso(host.Clock.GetUtcNow().AddDays(31)) : scheduledAt;
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/emails", new { to = Address("ann"), from, subject = "s", text = "x", scheduled_at = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetString();
        Assert.Contains("scheduled_at", text, StringComparison.Ordinal);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    private static string Address(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>The time as <see cref="Iso"/> sends it (milliseconds).</summary>
    private static DateTimeOffset Truncated(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, at.Offset);

    private static async Task<JsonElement> SendAsync(Tenant tenant, object body)
    {
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/emails", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Tenant.MsgAsync(response);
    }

    private static async Task<JsonElement> GetAsync(Tenant tenant, long id) => await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/emails/{id}"));

    private static async Task<List<long>> ListAsync(Tenant tenant, string query) =>
        [.. (await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/emails{query}"))).GetProperty("emails").EnumerateArray().Select(e => e.GetProperty("id").GetInt64())];

    private static async Task<JsonElement> WaitForStatusAsync(Tenant tenant, long id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var email = await GetAsync(tenant, id);
            if (email.GetProperty("status").GetString() == status) return email;
            if (DateTime.UtcNow > deadline) Assert.Fail($"email {id} is not {status}: {email.GetRawText()}");
            await Task.Delay(25);
        }
    }

    private static async Task<WebhookReceiver.Received> WaitForEventAsync(WebhookReceiver receiver, long emailId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (receiver.Requests.FirstOrDefault(r => r.Answered200 && EmailIdOf(r) == emailId) is { } found) return found;
            if (DateTime.UtcNow > deadline) Assert.Fail($"no webhook event of email {emailId}");
            await Task.Delay(25);
        }
    }

    private static long? EmailIdOf(WebhookReceiver.Received request) =>
        JsonDocument.Parse(request.Body).RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("emailId", out var id) ? id.GetInt64() : null;
}
