using System.Collections.Concurrent;
using MailTracker.Grains.Ids;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Webhooks;

namespace MailTracker.Grains.Storage;

/// <summary>
/// The embedded "database": every in-memory store of one deployment. Silos that are given the same instance
/// (the grain-test cluster's, through <see cref="InMemoryStorageExtensions.AddInMemoryStorage"/>) see one set of
/// data, as silos on one PostgreSQL database do.
/// </summary>
public sealed class InMemoryStorage(TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<Type, Lazy<object>> _stores = new();

    public InMemoryIdGenerator Ids { get; } = new();

    public InMemoryRecipientStore Recipients { get; } = new(time ?? TimeProvider.System);

    public InMemoryWebhookStore Webhooks { get; } = new(time ?? TimeProvider.System);

    /// <summary>Tells the partition tailers of a commit through a silo that shares this storage and is still running.</summary>
    public InMemoryCommitSignal CommitSignal { get; } = new();

    /// <summary>
    /// A store created once per storage on first use, whichever silo asks first: for stores whose shape belongs to
    /// their feature (the hit stores), so that the storage need not know them.
    /// </summary>
    public T GetOrAdd<T>(Func<InMemoryStorage, T> create) where T : class =>
        (T)_stores.GetOrAdd(typeof(T), _ => new Lazy<object>(() => create(this))).Value;
}
