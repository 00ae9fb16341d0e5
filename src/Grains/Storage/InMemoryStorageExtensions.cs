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

namespace MailTracker.Grains.Storage;

public static class InMemoryStorageExtensions
{
    /// <summary>
    /// Registers every in-memory store: ids, recipients, webhooks, idempotency keys and hits. Without <paramref name="shared"/> the
    /// silo gets its own storage (on the container's <see cref="TimeProvider"/>); silos given the same one share it.
    /// The hit stores need the silo's <see cref="IHitCommitSignal"/>, registered by the host.
    /// </summary>
    public static IServiceCollection AddInMemoryStorage(this IServiceCollection services, InMemoryStorage? shared = null)
    {
        services.AddSingleton(sp => shared ?? new InMemoryStorage(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IIdGenerator>(sp => sp.GetRequiredService<InMemoryStorage>().Ids);
        services.AddSingleton(sp => sp.GetRequiredService<InMemoryStorage>().Recipients);
        services.AddSingleton<IRecipientStore>(sp => sp.GetRequiredService<InMemoryRecipientStore>());
        services.AddSingleton<IRecipientDirectory>(sp => sp.GetRequiredService<InMemoryRecipientStore>());
        services.AddSingleton<IWebhookStore>(sp => sp.GetRequiredService<InMemoryStorage>().Webhooks);
        services.AddSingleton<IAnalyticsStore>(sp => sp.GetRequiredService<InMemoryStorage>().Analytics);
        services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<InMemoryStorage>().Idempotency);
        services.AddSingleton<IEmailStore>(sp => sp.GetRequiredService<InMemoryStorage>().Emails);
        // Created by this container, so disposed with it: the silo stops taking the storage's commit pokes.
        services.AddSingleton(sp => sp.GetRequiredService<InMemoryStorage>().CommitSignal.Join(sp.GetRequiredService<IHitCommitSignal>()));
        AddInMemoryHitStores(services);
        return services;
    }

    private static void AddInMemoryHitStores(IServiceCollection services)
    {
        // The storage's one hit store pokes through the storage's shared signal; each silo that uses it joins that signal
        // first (so that a commit always has a running silo to poke through).
        services.AddSingleton(sp =>
        {
            sp.GetRequiredService<InMemorySiloLink>();
            return sp.GetRequiredService<InMemoryStorage>().Hits;
        });
        // In every role of the PostgreSQL hit stores.
        services.AddSingleton<IHitLog>(sp => sp.GetRequiredService<InMemoryHitStore>());
        services.AddSingleton<IHitLogReader>(sp => sp.GetRequiredService<InMemoryHitStore>());
        services.AddSingleton<IConsumptionCommit>(sp => sp.GetRequiredService<InMemoryHitStore>());
        services.AddSingleton<IHitDataStore>(sp => sp.GetRequiredService<InMemoryHitStore>());
        services.AddSingleton<IUniqueOpenStore>(sp => sp.GetRequiredService<InMemoryHitStore>());
        services.AddSingleton<IReclassificationStore>(sp => sp.GetRequiredService<InMemoryHitStore>());
    }
}
