using MailTracker.Grains.Classification;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Live;
using MailTracker.Grains.Locations;
using MailTracker.Grains.Storage;
using MailTracker.Grains.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MailTracker.Tests.Infrastructure;

/// <summary>An in-process cluster of two silos sharing one in-memory storage (as silos share a database), for grain tests.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ClusterFixture()
    {
        // The in-process builder configures its silos with delegates, so both are handed the same storage object.
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.UseInMemoryReminderService();
            silo.AddLiveStreams();
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddHitPipeline();
            silo.Services.AddUserAgentDescriber();
            silo.Services.AddHitLocator(new ConfigurationBuilder().Build());
            silo.Services.AddInMemoryStorage(Storage);
            silo.Services.AddOptions<WebhookOptions>();
            silo.Services.AddSingleton<WebhookSender>();
            silo.Services.AddSingleton<MailTracker.Diagnostics.MailTrackerMetrics>();
        });
        Cluster = builder.Build();
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The cluster's one "database".</summary>
    public InMemoryStorage Storage { get; } = new();

    public IGrainFactory Grains => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
