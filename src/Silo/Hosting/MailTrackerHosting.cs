using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using MailTracker.Api;
using MailTracker.Api.Admin;
using MailTracker.Api.Analytics;
using MailTracker.Api.Auth;
using MailTracker.Api.Domains;
using MailTracker.Api.Docs;
using MailTracker.Api.Events;
using MailTracker.Api.Hits;
using MailTracker.Api.Http;
using MailTracker.Api.Idempotency;
using MailTracker.Api.Keys;
using MailTracker.Api.Messages;
using MailTracker.Api.Pages;
using MailTracker.Api.RateLimits;
using MailTracker.Api.Recipients;
using MailTracker.Api.Reclassification;
using MailTracker.Api.Templates;
using MailTracker.Api.Trackings;
using MailTracker.Api.Tracks;
using MailTracker.Api.Webhooks;
using MailTracker.Diagnostics;
using MailTracker.Grains.Classification;
using MailTracker.Grains.Domains;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Live;
using MailTracker.Grains.Locations;
using MailTracker.Grains.Messages;
using MailTracker.Grains.Reclassification;
using MailTracker.Grains.Storage;
using MailTracker.Grains.Templates;
using MailTracker.Grains.Webhooks;
using MailTracker.Silo.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace MailTracker.Silo.Hosting;

public static class MailTrackerHosting
{
    public const string DefaultUrl = "http://localhost:5000";
    private const string Invariant = "Npgsql";
    private const int DefaultMaxPoolSize = 20;
    private const int MaxRequestLineBytes = 64 * 1024;
    private const int MaxRequestHeadersBytes = 64 * 1024;

    /// <summary>The category of ASP.NET Core's per-request hosting diagnostics (its request start and end lines).</summary>
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Configures the co-hosted silo and web app: embedded (in-memory) unless a PostgreSQL connection string is set.</summary>
    public static WebApplicationBuilder AddMailTracker(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        // Kestrel's own default is the same, but an explicit one keeps a stray launch profile or
        // environment from moving it silently.
        if (string.IsNullOrWhiteSpace(config[WebHostDefaults.ServerUrlsKey])) builder.WebHost.UseUrls(DefaultUrl);

        var connectionString = config.GetConnectionString("Postgres");
        var dataSource = string.IsNullOrWhiteSpace(connectionString) ? null : CreateDataSource(connectionString);
        ConfigureAdminToken(builder, persistent: dataSource is not null);
        try
        {
            // Checked now: found at the first hit, a typo would be a 500 for every recipient instead of a start-up error.
            ClientIpResolver.ParseTrustedProxies(config[MailTrackerOptions.Section + ":" + nameof(MailTrackerOptions.TrustedProxies)]);
        }
        catch (FormatException e)
        {
            throw new StartupException(e.Message);
        }

        builder.Services.AddOptions<MailTrackerOptions>().Bind(config.GetSection(MailTrackerOptions.Section))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.PublicBaseUrl)) o.PublicBaseUrl = FirstUrl(config[WebHostDefaults.ServerUrlsKey]);
                o.PublicBaseUrl = o.PublicBaseUrl.TrimEnd('/');
            });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MailTrackerMetrics>();
        builder.AddMailTrackerMetrics();
        // ASP.NET Core's hosting starts an Activity and a logging scope for every request whenever its diagnostics category
        // logs at any level (Critical does under the usual Warning): ~600 B and a few µs a hit, for request lines this
        // silo never writes and no tracer reads. A failed start still shows: it ends the process with its exception.
        builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        // Bad request bodies throw, so the one exception handler can name what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // No default scheme: only endpoints whose policy names a scheme authenticate, so the hit endpoints pay nothing.
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminAuthenticationHandler>(AdminAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthenticationHandler.Policy, p => p.AddAuthenticationSchemes(AdminAuthenticationHandler.SchemeName).RequireRole("admin"))
            .AddPolicy(ApiKeyAuthenticationHandler.Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ApiKeyAuthenticationHandler.AccountClaim));
        // Custom pixel images are up to 5 MB; JSON endpoints refuse more than 1 MB themselves.
        // Kestrel answers a request line or headers over its limits with its own bare 414/431 before the application
        // sees them: with room to 64 KB the application answers such junk itself, with the error envelope.
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = PixelUpload.MaxRequestBytes;
            k.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            k.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
        });
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddApiRateLimits();
        builder.Services.AddSingleton<ClientIpResolver>();
        builder.Services.AddHitPipeline(builder.Configuration);
        builder.Services.AddUserAgentDescriber();
        try
        {
            builder.Services.AddHitLocator(config);
        }
        catch (GeoIpDatabaseException e)
        {
            throw new StartupException(e.Message);
        }
        builder.Services.AddReclassification(builder.Configuration);
        try
        {
            builder.Services.AddSendingDomains(config, persistent: dataSource is not null);
        }
        catch (SendingSettingsException e)
        {
            throw new StartupException(e.Message);
        }
        builder.Services.AddTrackingPages();
        builder.Services.AddOptions<WebhookOptions>().Bind(config.GetSection(WebhookOptions.Section));
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WebhookBacklogProbe>();
        builder.Services.AddSingleton<TemplateRenderer>();
        builder.Services.AddOptions<SmtpOptions>().Bind(config.GetSection(SmtpOptions.Section));
        builder.Services.AddMailTrackerOpenApi();

        var health = builder.Services.AddHealthChecks().AddCheck<SiloActiveCheck>("silo", tags: ["ready"])
            .AddCheck<HitCacheSubscribedCheck>("hit-caches", tags: ["ready"]);
        if (dataSource is not null)
        {
            builder.Services.AddSingleton<DatabaseMigrator>();
            // Registered before Orleans so that the schema exists before the silo joins the cluster.
            builder.Services.AddHostedService<DatabaseMigrationService>();
            builder.Services.AddPostgresStorage(dataSource);
            health.AddCheck<PostgresReachableCheck>("postgres", tags: ["ready"]);
        }
        else
        {
            builder.Services.AddInMemoryStorage();
        }

        var cluster = ClusterSettings.Read(config);
        // The test host serves HTTP in memory and binds no HTTP port.
        PortCheck.EnsureFree(builder.Environment.IsEnvironment("Testing") ? null : config[WebHostDefaults.ServerUrlsKey] ?? DefaultUrl, cluster);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.UseSystemTextJsonGrainStorageSerializer();
            // The strongly consistent directory: the default one lets two silos starting together (or a partition healing)
            // activate the same grain twice for a while, which loses the cache hub's subscriptions made on the discarded twin.
#pragma warning disable ORLEANSEXP003 // Experimental in Orleans 10; the only built-in directory that rules out duplicate activations.
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
            if (dataSource is null) ConfigureEmbedded(silo, cluster);
            else ConfigurePostgres(silo, cluster, dataSource);
            silo.AddLiveStreams();
            silo.AddDashboard();
        });
        // After the silo: hosted services start in order, and the sender's first batch calls message grains.
        builder.Services.AddHostedService<EmailOutboxSender>();
        var smtp = config.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        if (!SmtpOptions.SecurityModes.Contains(smtp.Security.ToLowerInvariant()))
        {
            throw new StartupException($"MailTracker__Smtp__Security is '{smtp.Security}': it must be one of {string.Join(", ", SmtpOptions.SecurityModes)}.");
        }
        if (smtp.Lease < SmtpOptions.MinLease)
        {
            throw new StartupException($"MailTracker__Smtp__Lease is {smtp.Lease}: it must be at least {SmtpOptions.MinLease} (an SMTP command may wait a third of it).");
        }
        if (smtp.MaxConnections < 1) throw new StartupException($"MailTracker__Smtp__MaxConnections is {smtp.MaxConnections}: it must be at least 1.");
        Console.WriteLine(smtp.Configured
            ? $"MailTracker: sending through the SMTP relay {smtp.Host}:{smtp.Port} ({smtp.Security})."
            : "MailTracker: sending is off: POST /api/v1/emails answers 422 smtp_not_configured for live keys. To send, set MailTracker__Smtp__Host, __Port, __Username, __Password and __Security (none|starttls|tls).");

        Console.WriteLine(dataSource is null
            ? "MailTracker: embedded mode: data is kept in memory only and is NOT persisted. To persist it, set ConnectionStrings__Postgres (see README)."
            : $"MailTracker: PostgreSQL mode: cluster '{cluster.ClusterId}', silo port {cluster.SiloPort}, gateway port {cluster.GatewayPort}.");
        return builder;
    }

    /// <summary>Maps every endpoint group; the order of the middleware matters.</summary>
    public static WebApplication MapMailTracker(this WebApplication app)
    {
        app.UseErrorEnvelope();
        app.UseAuthentication();
        app.UseApiRateLimits();
        app.UseAuthorization();
        // After authentication (keys are per account) and any limit that refuses a request before it runs.
        app.UseMiddleware<IdempotencyKeyMiddleware>();

        app.MapAdminLogin();
        app.MapAdminApi();
        app.MapAccountApi();
        app.MapMailTrackingApi();
        app.MapRecipientApi();
        app.MapEventStreamApi();
        app.MapTrackApi();
        app.MapAnalyticsApi();
        app.MapWebhookApi();
        app.MapTemplateApi();
        app.MapDomainApi();
        app.MapEmailApi();
        app.MapUnsubscribePages();
        app.MapReclassificationApi();
        app.MapHitEndpoints();
        app.MapTrackingPages();
        app.MapMailTrackerMetrics();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApiReference();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(AdminAuthenticationHandler.Policy);
        return app;
    }

    private static void ConfigureEmbedded(ISiloBuilder silo, ClusterSettings cluster)
    {
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        silo.AddMemoryGrainStorage(StorageNames.Default);
        silo.UseInMemoryReminderService();
    }

    private static void ConfigurePostgres(ISiloBuilder silo, ClusterSettings cluster, NpgsqlDataSource dataSource)
    {
        var advertised = cluster.AdvertisedIP ?? IPAddress.Loopback;
        silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.AdvertisedIP is not null);
        // A restart after a crash of every silo must not wait minutes for the dead silos' rows (see MembershipTimings).
        silo.ConfigureMembershipTimings();
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        });
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"ConnectionStrings__Postgres is not a valid PostgreSQL connection string: {e.Message}");
        }
        // Each default below applies only where the operator set nothing: matched by keyword (spaces and case aside,
        // so "Max Pool Size" and "MaxPoolSize" alike), never by text that happens to be inside a value such as a password.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(keyword => keyword.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        // PostgreSQL allows 100 connections in all, shared by every silo: keep each silo's pool small.
        if (!given.Overlaps(["maximumpoolsize", "maxpoolsize"])) settings.MaxPoolSize = DefaultMaxPoolSize;
        settings.ApplicationName ??= "mailtracker-silo";
        // A group commit's encoded rows (tens of KB under load) go to the server through this buffer: the larger it
        // is, the fewer socket writes per commit.
        if (!given.Contains("writebuffersize")) settings.WriteBufferSize = 64 * 1024;
        // MailTracker keeps no session state on a connection (no SET, session locks, LISTEN or temp tables), so
        // returning one to the pool need not reset it: that reset was seven statements per pooled open, on
        // every group commit and every tailer read.
        if (!given.Contains("noresetonclose")) settings.NoResetOnClose = true;
        // Statements run on every group commit (its transaction id) are prepared once per connection instead of
        // parsed and planned each time (the tailers' read and the counts are prepared explicitly anyway).
        if (!given.Contains("maxautoprepare")) settings.MaxAutoPrepare = 32;
        return new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
    }

    private static void ConfigureAdminToken(WebApplicationBuilder builder, bool persistent)
    {
        const string key = MailTrackerOptions.Section + ":" + nameof(MailTrackerOptions.AdminToken);
        if (!string.IsNullOrWhiteSpace(builder.Configuration[key])) return;
        if (persistent)
        {
            throw new StartupException("MailTracker__AdminToken is required when ConnectionStrings__Postgres is set (every silo must share it).");
        }
        var token = "mt_admin_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        builder.Configuration[key] = token;
        Console.WriteLine($"MailTracker: admin token for this run (generated, not stored; set MailTracker__AdminToken to choose one): {token}");
    }

    private static string FirstUrl(string? urls) =>
        urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() switch
        {
            null or "" => DefaultUrl,
            var url => url.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost"),
        };
}
