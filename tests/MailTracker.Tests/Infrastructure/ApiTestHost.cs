using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A MailTracker host for API tests. The in-memory test server has no network peer, so a test names the
/// peer address of a request with the <see cref="PeerHeader"/> header (test host only).
/// </summary>
public abstract class ApiTestHost(string? trustedProxies = null, IReadOnlyDictionary<string, string>? settings = null) : MailTrackerFactory, IAsyncLifetime
{
    public const string PeerHeader = "X-Test-Peer";

    /// <summary>The key rate limit of ordinary test tenants: far above anything a test sends, so that only the rate-limit tests meet one.</summary>
    public const int UnlimitedRate = 1_000_000;

    private readonly Lock _contractGate = new();
    private string? _postgres;
    private Task<OpenApiContract>? _contract;

    /// <summary>This host's clock: <see cref="AdvancingClock.Advance"/> lets a test's later hits come later after the send.</summary>
    public AdvancingClock Clock { get; } = new();

    protected virtual Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);

    /// <summary>Whether the host listens on a real (free) Kestrel port, for a browser, instead of serving in memory only.</summary>
    protected virtual bool ListensOnPort => false;

    /// <summary>Where the host answers: the in-memory server's address, or the real port's.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    public async Task InitializeAsync()
    {
        _postgres = await CreateDatabaseAsync();
        if (ListensOnPort)
        {
            UseKestrel(0);
            StartServer();
            // The clients (and the browser) go to the port Kestrel was given.
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            ClientOptions.BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
        else
        {
            _ = Server; // start now, so the first test does not pay for it
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_postgres is not null) builder.UseSetting("ConnectionStrings:Postgres", _postgres);
        if (trustedProxies is not null) builder.UseSetting("MailTracker:TrustedProxies", trustedProxies);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, PeerFromHeader>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>
    /// A client that follows no redirect (a link hit answers its 302). On a real port the factory's client would follow
    /// them whatever its options say, so that one is a plain client of the port.
    /// </summary>
    /// <remarks>Its answers to documented operations are checked against the OpenAPI document (<see cref="ContractCheckingHandler"/>).</remarks>
    public HttpClient CreateNoRedirectClient() => ListensOnPort
        ? new HttpClient(new ContractCheckingHandler(ContractAsync) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } }) { BaseAddress = BaseAddress }
        : CreateDefaultClient(BaseAddress, new ContractCheckingHandler(ContractAsync), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler());

    /// <summary>This host's OpenAPI document, fetched and parsed once.</summary>
    public Task<OpenApiContract> ContractAsync()
    {
        lock (_contractGate) return _contract ??= LoadContractAsync();
    }

    private async Task<OpenApiContract> LoadContractAsync()
    {
        using var client = ListensOnPort ? new HttpClient { BaseAddress = BaseAddress } : Server.CreateClient();
        return new OpenApiContract(System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject());
    }

    /// <summary>A new account with a live API key: each test gets its own tenant.</summary>
    public async Task<Tenant> CreateTenantAsync()
    {
        var admin = CreateAdminClient();
        var account = await admin.PostAsJsonAsync("/admin/v1/accounts", new { name = "Tenant " + Guid.NewGuid().ToString("N")[..8], plan = "growth" });
        var accountId = (await account.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("msg").GetProperty("id").GetInt64();
        var issued = await admin.PostAsJsonAsync($"/admin/v1/accounts/{accountId}/api-keys", new { name = "tests", environment = "live", rate_limit = UnlimitedRate });
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
