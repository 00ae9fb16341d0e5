using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A MailTracker host for API tests. The in-memory test server has no network peer, so a test names the
/// peer address of a request with the <see cref="PeerHeader"/> header (test host only).
/// </summary>
public abstract class ApiTestHost(string? trustedProxies = null, IReadOnlyDictionary<string, string>? settings = null) : MailTrackerFactory, IAsyncLifetime
{
    public const string PeerHeader = "X-Test-Peer";

    private string? _postgres;

    protected virtual Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);

    public async Task InitializeAsync()
    {
        _postgres = await CreateDatabaseAsync();
        _ = Server; // start now, so the first test does not pay for it
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_postgres is not null) builder.UseSetting("ConnectionStrings:Postgres", _postgres);
        if (trustedProxies is not null) builder.UseSetting("MailTracker:TrustedProxies", trustedProxies);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, PeerFromHeader>());
    }

    /// <summary>A new account with a live API key: each test gets its own tenant.</summary>
    public async Task<Tenant> CreateTenantAsync()
    {
        var admin = CreateAdminClient();
        var account = await admin.PostAsJsonAsync("/admin/v1/accounts", new { name = "Tenant " + Guid.NewGuid().ToString("N")[..8], plan = "growth" });
        var accountId = (await account.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetProperty("id").GetInt64();
        var issued = await admin.PostAsJsonAsync($"/admin/v1/accounts/{accountId}/api-keys", new { name = "tests", environment = "live" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetProperty("key").GetString()!;
        return new Tenant(this, accountId, key);
    }

    private sealed class PeerFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer) && IPAddress.TryParse(peer, out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class EmbeddedApiHost : ApiTestHost;

public sealed class PostgresApiHost : ApiTestHost
{
    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("api");
}

public sealed class ProxiedApiHost() : ApiTestHost(trustedProxies: "10.9.0.0/16");

/// <summary>Webhooks may reach the tests' local receivers, and retry within fractions of a second.</summary>
public static class FastWebhooks
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["MailTracker:Webhooks:AllowPrivateTargets"] = "true",
        ["MailTracker:Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["MailTracker:Webhooks:MaxRetryDelay"] = "00:00:01",
        ["MailTracker:Webhooks:PollInterval"] = "00:00:00.100",
        ["MailTracker:Webhooks:Timeout"] = "00:00:02",
    };
}

public sealed class EmbeddedWebhookHost() : ApiTestHost(settings: FastWebhooks.Settings);

public sealed class PostgresWebhookHost() : ApiTestHost(settings: FastWebhooks.Settings)
{
    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("webhooks");
}

/// <summary>One account and its API key, with helpers that speak the API.</summary>
public sealed class Tenant(ApiTestHost host, long accountId, string key)
{
    public long AccountId { get; } = accountId;

    public string Key { get; } = key;

    /// <summary>A client that sends the key as a Bearer token.</summary>
    public HttpClient Client { get; } = CreateClient(host, key);

    public HttpClient Anonymous() => host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<JsonElement> CreateTrackingAsync(object? body = null)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/mail-tracking", body ?? new { name = "Newsletter" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await MsgAsync(response);
    }

    public async Task<JsonElement> CreatePixelAsync(long trackingId)
    {
        var response = await Client.PostAsync($"/api/v1/mail-tracking/{trackingId}/pixel", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await MsgAsync(response);
    }

    public async Task<JsonElement> CreateUrlAsync(long trackingId, string url = "https://example.com/landing")
    {
        var response = await Client.PostAsJsonAsync($"/api/v1/mail-tracking/{trackingId}/url", new { url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await MsgAsync(response);
    }

    /// <summary>Hits a pixel or link URL as a mail client at <paramref name="ip"/> would.</summary>
    public async Task<HttpResponseMessage> HitAsync(string url, string ip = "198.51.100.7", string? userAgent = "Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0", HttpMethod? method = null, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(url).PathAndQuery);
        request.Headers.Add(ApiTestHost.PeerHeader, ip);
        if (userAgent is not null) request.Headers.UserAgent.ParseAdd(userAgent);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        return await Anonymous().SendAsync(request);
    }

    /// <summary>Reads a pixel's or URL's counter until it reaches <paramref name="expected"/> (hits are counted asynchronously, within about a second).</summary>
    public async Task<JsonElement> WaitForCountAsync(string path, long expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var msg = await MsgAsync(await Client.GetAsync(path));
            var count = msg.GetProperty("timesOpened").GetInt64();
            if (count == expected) return msg;
            if (count > expected || DateTime.UtcNow > deadline) Assert.Fail($"{path}: timesOpened is {count}, expected {expected}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until every hit logged so far has been delivered, then gives the counter.</summary>
    public async Task<long> SettledCountAsync(string path)
    {
        // Quiet for a while after the log drained: with the tailers polling every 50 ms, 600 ms without
        // change means everything committed has been decided on.
        long last = -1;
        var stableSince = DateTime.UtcNow;
        while (true)
        {
            var count = (await MsgAsync(await Client.GetAsync(path))).GetProperty("timesOpened").GetInt64();
            if (count != last)
            {
                last = count;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromMilliseconds(600))
            {
                return count;
            }
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> MsgAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean(), body.GetRawText());
        return body.GetProperty("msg");
    }

    private static HttpClient CreateClient(ApiTestHost host, string key)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
