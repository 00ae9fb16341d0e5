using MailTracker.Grains.Analytics;
using MailTracker.Grains.Classification;
using MailTracker.Grains.Live;
using MailTracker.Hits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Grains.Hits;

public static class HitPipelineServiceCollectionExtensions
{
    /// <summary>
    /// The hit pipeline's stages of a silo, whatever the storage: the intake with its policy, classifier and look-ups, the commit signal,
    /// the resolver of raw hits and the pipeline's lifecycle. The stores come with the storage (<c>AddPostgresStorage</c>,
    /// <c>AddInMemoryStorage</c>). The classification rules are the shipped ones and the operator's in <paramref name="configuration"/>, and
    /// so are the hit caches' bounds (<see cref="HitsOptions"/>).
    /// </summary>
    public static IServiceCollection AddHitPipeline(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddHitClassification(configuration);
        var hits = services.AddOptions<HitsOptions>();
        if (configuration is not null) hits.Bind(configuration.GetSection(HitsOptions.Section));
        hits.Validate(o => o.TokenCacheSize > 0, $"{HitsOptions.Section}:{nameof(HitsOptions.TokenCacheSize)} must be at least 1.");
        services.AddSingleton<RecipientFactsBatcher>();
        services.AddSingleton<HitLookups>();
        services.AddSingleton<HitPolicy>();
        services.AddSingleton<HitIdGenerator>();
        services.AddSingleton<IHitIntake, HitIntake>();
        services.AddSingleton<IHitCommitSignal, PartitionPoker>();
        services.AddSingleton<UnresolvedHitResolver>();
        services.AddSingleton<UniqueOpenClaims>();
        services.AddSingleton<HitRollup>();
        // The live streams need the silo's stream provider too (LiveStreamsSiloBuilderExtensions.AddLiveStreams).
        services.AddSingleton<LiveWatchSet>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LiveWatchSet>());
        services.AddSingleton<LiveHitStreams>();
        services.AddSingleton<ILiveHitPublisher>(sp => sp.GetRequiredService<LiveHitStreams>());
        services.AddSingleton<ILiveHits>(sp => sp.GetRequiredService<LiveHitStreams>());
        services.AddSingleton<HitPipelineLifecycle>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<HitPipelineLifecycle>());
        return services;
    }
}
