using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// An embedded host whose <c>/metrics</c> is open to <see cref="ScraperNetwork"/> (directly, or forwarded by a proxy
/// in <see cref="ProxyNetwork"/>) and answers every scrape afresh, so a test reads what it just did without waiting;
/// its webhooks may reach the tests' local receivers.
/// </summary>
public sealed class MetricsApiHost() : ApiTestHost(trustedProxies: ProxyNetwork, settings: new Dictionary<string, string>(FastWebhooks.Settings)
{
    ["MailTracker:Metrics:ScraperNetworks"] = ScraperNetwork,
})
{
    public const string ScraperNetwork = "192.0.2.0/24";
    public const string ProxyNetwork = "10.9.0.0/16";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }
}
