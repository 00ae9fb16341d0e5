using System.Diagnostics.Metrics;
using MailTracker.Api.Admin;
using MailTracker.Api.Metrics;
using MailTracker.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace MailTracker.Silo.Hosting;

/// <summary>
/// MailTracker's meter with Orleans', ASP.NET Core's and the runtime's, exported at <c>/metrics</c> in Prometheus
/// text format through the OpenTelemetry Prometheus exporter, behind the admin token or open to the scraper networks.
/// </summary>
public static class MetricsHosting
{
    /// <summary>Meters this host creates through its own <see cref="IMeterFactory"/>: only this host's instruments are exported.</summary>
    private static readonly string[] LocalMeters =
    [
        MailTrackerMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
    ];

    /// <summary>Meters that may be process-wide (created without a factory).</summary>
    private static readonly string[] AnyMeters = ["Microsoft.Orleans", "System.Runtime"];

    private const string Listener = "OpenTelemetry";

    public static WebApplicationBuilder AddMailTrackerMetrics(this WebApplicationBuilder builder)
    {
        try
        {
            // Checked now, as the trusted proxies are: a typo is a start-up error, not a scraper locked out.
            MetricsEndpointOptions.ParseScraperNetworks(builder.Configuration[MetricsEndpointOptions.Section + ":" + nameof(MetricsEndpointOptions.ScraperNetworks)]);
        }
        catch (FormatException e)
        {
            throw new StartupException(e.Message);
        }
        builder.Services.AddOptions<MetricsEndpointOptions>().Bind(builder.Configuration.GetSection(MetricsEndpointOptions.Section));
        builder.Services.AddSingleton<IAuthorizationHandler, MetricsAccessHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(MetricsAccessRequirement.Policy, p => p.AddAuthenticationSchemes(AdminAuthenticationHandler.SchemeName)
                .AddRequirements(new MetricsAccessRequirement()));

        // The meters are enabled through the host's metrics builder, not the provider's AddMeter: only the
        // builder's rules tell this host's meters from another's of the same name in the process.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        foreach (var meter in LocalMeters) builder.Metrics.EnableMetrics(meter, instrumentName: null, listenerName: Listener, scopes: MeterScope.Local);
        foreach (var meter in AnyMeters) builder.Metrics.EnableMetrics(meter, instrumentName: null, listenerName: Listener);
        // Recorded twice per request, hits included, for a number the request-duration histogram's rate already gives.
        builder.Metrics.DisableMetrics("Microsoft.AspNetCore.Hosting", "http.server.active_requests", listenerName: Listener, scopes: MeterScope.Local);
        return builder;
    }

    /// <summary>Maps <c>/metrics</c>: an endpoint like any other, so nothing of it runs for the short-circuited hit routes.</summary>
    public static WebApplication MapMailTrackerMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsEndpointOptions.Path).RequireAuthorization(MetricsAccessRequirement.Policy);
        return app;
    }
}
