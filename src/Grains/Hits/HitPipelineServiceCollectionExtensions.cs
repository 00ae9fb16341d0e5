using MailTracker.Hits;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailTracker.Grains.Hits;

public static class HitPipelineServiceCollectionExtensions
{
    /// <summary>
    /// The hit pipeline's stages of a silo, whatever the storage: the intake with its policy and look-ups, the commit signal,
    /// the resolver of raw hits and the pipeline's lifecycle. The stores come with the storage (<c>AddPostgresStorage</c>,
    /// <c>AddInMemoryStorage</c>).
    /// </summary>
    public static IServiceCollection AddHitPipeline(this IServiceCollection services)
    {
        services.AddSingleton<HitLookups>();
        services.AddSingleton<HitPolicy>();
        services.AddSingleton<HitIdGenerator>();
        services.AddSingleton<IHitIntake, HitIntake>();
        services.AddSingleton<IHitCommitSignal, PartitionPoker>();
        services.AddSingleton<UnresolvedHitResolver>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, HitPipelineLifecycle>();
        return services;
    }

    /// <summary>The PostgreSQL hit stores: the group-commit writer and its lost-commit resolver, the log reader, the consumption commit, the data.</summary>
    public static IServiceCollection AddPostgresHitStores(this IServiceCollection services, NpgsqlDataSource dataSource)
    {
        services.AddSingleton(sp => new LostCommitResolver(dataSource));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<GroupCommitWriter>(sp, dataSource));
        services.AddSingleton<IHitLog>(sp => sp.GetRequiredService<GroupCommitWriter>());
        services.AddSingleton<IHitLogReader>(_ => new HitLogReader(dataSource));
        services.AddSingleton<IConsumptionCommit>(_ => new ConsumptionCommit(dataSource));
        services.AddSingleton<IHitDataStore>(_ => new PostgresHitDataStore(dataSource));
        return services;
    }

    /// <summary>The in-memory hit store, in every role of the PostgreSQL ones.</summary>
    public static IServiceCollection AddInMemoryHitStores(this IServiceCollection services, Func<IServiceProvider, InMemoryHitStore> store)
    {
        services.AddSingleton(store);
        services.AddSingleton<IHitLog>(sp => sp.GetRequiredService<InMemoryHitStore>());
        services.AddSingleton<IHitLogReader>(sp => sp.GetRequiredService<InMemoryHitStore>());
        services.AddSingleton<IConsumptionCommit>(sp => sp.GetRequiredService<InMemoryHitStore>());
        services.AddSingleton<IHitDataStore>(sp => sp.GetRequiredService<InMemoryHitStore>());
        return services;
    }
}
