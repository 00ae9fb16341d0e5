using MailTracker.Grains.Analytics;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Idempotency;
using MailTracker.Grains.Ids;
using MailTracker.Grains.Messages;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Reclassification;
using MailTracker.Grains.Webhooks;
using MailTracker.Recipients;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailTracker.Grains.Storage;

public static class PostgresStorageExtensions
{
    /// <summary>
    /// Registers every PostgreSQL store on <paramref name="dataSource"/> (registered too): ids,
    /// recipients, webhooks, idempotency keys and hits. The schema is the migrations'; the hit stores need the silo's
    /// <see cref="IHitCommitSignal"/>, registered by the host.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, NpgsqlDataSource dataSource)
    {
        services.AddSingleton(dataSource);
        services.AddSingleton<IIdGenerator, PostgresIdGenerator>();
        services.AddSingleton<IRecipientStore, PostgresRecipientStore>();
        services.AddSingleton<IRecipientDirectory>(sp => sp.GetRequiredService<IRecipientStore>());
        services.AddSingleton<IWebhookStore, PostgresWebhookStore>();
        services.AddSingleton<IAnalyticsStore, PostgresAnalyticsStore>();
        services.AddSingleton<IIdempotencyStore, PostgresIdempotencyStore>();
        services.AddSingleton<IEmailStore, PostgresEmailStore>();
        services.AddHostedService<ExpiredIdempotencyKeySweeper>();
        AddPostgresHitStores(services);
        return services;
    }

    /// <summary>
    /// The hit stores: the group-commit writer and its lost-commit resolver, the log reader, the consumption commit, the data,
    /// uniqueOpensOnly's claims, and the back-fill of hit pages.
    /// </summary>
    private static void AddPostgresHitStores(IServiceCollection services)
    {
        services.AddSingleton<LostCommitResolver>();
        services.AddSingleton<GroupCommitWriter>();
        services.AddSingleton<IHitLog>(sp => sp.GetRequiredService<GroupCommitWriter>());
        services.AddSingleton<IHitLogReader, HitLogReader>();
        services.AddSingleton<IConsumptionCommit, ConsumptionCommit>();
        services.AddSingleton<IHitDataStore, PostgresHitDataStore>();
        services.AddSingleton<IUniqueOpenStore, PostgresUniqueOpenStore>();
        services.AddSingleton<IReclassificationStore, PostgresReclassificationStore>();
        services.AddSingleton<HitPageBackfill>();
        services.AddHostedService<HitPageBackfillService>();
    }
}
