using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Cluster;

/// <summary>
/// The outbox outlives its silo: a message scheduled on one silo process leaves on time from the next one on the same
/// PostgreSQL database, and a message whose send a SIGKILL cut off mid-DATA is sent once more, with the same Message-ID,
/// once its lease ends. Each silo delivers to an SMTP server in this test process. Timed: the promise is seconds.
/// </summary>
[Collection(TimedCollection.Name)]
public sealed class ScheduledSendRestartTests : IDisposable
{
    /// <summary>The promise: a scheduled message leaves within 5 s of its time.</summary>
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(5);

    /// <summary>The outbox lease (SmtpOptions.Lease's default): how long a dead silo's entry waits for another.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly string _adminToken = "admin-" + Guid.NewGuid().ToString("N");

    /// <summary>The silos' resolver: it serves the records of the sending domains the tests verify.</summary>
    private readonly LocalDnsServer _dns = LocalDnsServer.Start();

    [Fact]
    public async Task A_message_scheduled_before_a_restart_arrives_once_within_five_seconds_of_its_time_from_the_next_silo()
    {
        using var sink = new SmtpSink();
        var environment = await EnvironmentAsync(sink, "restart");
        var ann = $"ann-{Guid.NewGuid():N}@example.com";
        DateTimeOffset at;
        long id;
        string key;
        await using (var first = SiloProcess.Start(environment))
        {
            await first.WaitReadyAsync();
            using var tenant = await SiloApi.CreateTenantAsync(first, _adminToken, "Scheduled " + Guid.NewGuid().ToString("N")[..8]);
            var domain = await SiloApi.VerifiedDomainAsync(tenant, _dns);
            at = TimeProvider.System.GetUtcNow().AddSeconds(6);
            var sent = await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync("/api/v1/emails", new
            {
                to = ann, from = $"hello@{domain}", subject = "Later", text = "Hello", scheduled_at = at.ToString("O", CultureInfo.InvariantCulture),
            }));
            Assert.Equal("scheduled", sent.GetProperty("status").GetString());
            id = sent.GetProperty("id").GetInt64();
            await first.StopAsync();
            Assert.True(first.HasExited);
            Assert.DoesNotContain(sink.Messages, m => m.Recipients.Contains(ann));
            key = tenant.Key;
        }

        await using var second = SiloProcess.Start(environment);
        await second.WaitReadyAsync();
        var received = await sink.WaitForReceivedAsync(ann, 1, at + Promise + TimeSpan.FromSeconds(5) - TimeProvider.System.GetUtcNow());
        Assert.True(received.Count == 1, $"{received.Count} copies arrived by {at + Promise:O}; silo output:\n{second.Output}");
        Assert.InRange(received[0].At, at, at + Promise);
        using var api = Client(second, key);
        var email = await WaitForStatusAsync(api, id, "delivered");
        Assert.True(email.GetProperty("sent_at").GetDateTimeOffset() >= at);
        Assert.Single(sink.Messages, m => m.Recipients.Contains(ann));
    }

    [Fact]
    public async Task A_send_cut_off_by_a_kill_resumes_on_the_next_silo_once_with_the_same_message_id()
    {
        using var sink = new SmtpSink(stallFirstMessage: true);
        var environment = await EnvironmentAsync(sink, "crash");
        var ann = $"ann-{Guid.NewGuid():N}@example.com";
        var first = SiloProcess.Start(environment);
        await first.WaitReadyAsync();
        using var tenant = await SiloApi.CreateTenantAsync(first, _adminToken, "Crash " + Guid.NewGuid().ToString("N")[..8]);
        var domain = await SiloApi.VerifiedDomainAsync(tenant, _dns);
        var sent = await SiloApi.MsgAsync(await tenant.Api.PostAsJsonAsync("/api/v1/emails", new { to = ann, from = $"hello@{domain}", subject = "Once", text = "Hello" }));
        var id = sent.GetProperty("id").GetInt64();

        // The relay has the whole message but never answers its DATA: the silo dies right there.
        var stalled = await sink.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        var sinceStall = Stopwatch.StartNew();
        first.KillNow();
        await first.DisposeAsync();

        await using var second = SiloProcess.Start(environment);
        await second.WaitReadyAsync();
        var received = await sink.WaitForReceivedAsync(ann, 1, Lease + Promise + TimeSpan.FromSeconds(10));
        Assert.True(received.Count == 1, $"{received.Count} copies arrived; silo output:\n{second.Output}");
        Assert.True(sinceStall.Elapsed < Lease + Promise, $"resumed {sinceStall.Elapsed} after the kill");
        Assert.Equal(stalled.MessageId, received[0].Message.MessageId);
        using var api = Client(second, tenant.Key);
        await WaitForStatusAsync(api, id, "delivered");
        Assert.Single(sink.Messages, m => m.Recipients.Contains(ann));
    }

    private async Task<Dictionary<string, string?>> EnvironmentAsync(SmtpSink sink, string name) => new()
    {
        ["ConnectionStrings__Postgres"] = await (await PostgresServer.GetAsync()).CreateDatabaseAsync(name),
        ["MailTracker__AdminToken"] = _adminToken,
        ["Orleans__ClusterId"] = $"{name}-{Guid.NewGuid():N}"[..16],
        ["MailTracker__Smtp__Host"] = "127.0.0.1",
        ["MailTracker__Smtp__Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
        ["MailTracker__Smtp__Security"] = "none",
        ["MailTracker__Sending__DnsServer"] = _dns.Endpoint.ToString(),
        ["MailTracker__Sending__SpfInclude"] = IDomainHost.SpfInclude,
    };

    public void Dispose() => _dns.Dispose();

    private static HttpClient Client(SiloProcess silo, string key)
    {
        var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient api, long id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var email = await SiloApi.MsgAsync(await api.GetAsync($"/api/v1/emails/{id}"));
            if (email.GetProperty("status").GetString() == status) return email;
            if (DateTime.UtcNow > deadline) Assert.Fail($"email {id} is not {status}: {email.GetRawText()}");
            await Task.Delay(50);
        }
    }
}
