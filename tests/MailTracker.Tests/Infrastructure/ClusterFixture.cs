using MailTracker.Grains.Hits;
using MailTracker.Grains.Ids;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MailTracker.Tests.Infrastructure;

/// <summary>An in-process cluster of two silos with in-memory storage, for grain tests.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(2).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(TimeProvider.System);
            // Both test silos share one process, so one in-memory counter keeps ids unique.
            silo.Services.AddSingleton<IIdGenerator>(SharedIds);
            silo.Services.AddSingleton<IHitCommitSignal, PartitionPoker>();
            silo.Services.AddSingleton<IWebhookStore, InMemoryWebhookStore>();
            silo.Services.AddOptions<WebhookOptions>();
            silo.Services.AddSingleton<WebhookSender>();
            silo.Services.AddSingleton<InMemoryRecipientStore>();
            silo.Services.AddSingleton<IRecipientStore>(sp => sp.GetRequiredService<InMemoryRecipientStore>());
            silo.Services.AddSingleton<InMemoryHitStore>();
            silo.Services.AddSingleton<IHitLog>(sp => sp.GetRequiredService<InMemoryHitStore>());
            silo.Services.AddSingleton<IHitDataStore>(sp => sp.GetRequiredService<InMemoryHitStore>());
        }

        private static readonly InMemoryIdGenerator SharedIds = new();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
