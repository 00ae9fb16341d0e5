using MailTracker.Grains.Analytics;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Idempotency;
using MailTracker.Grains.Messages;
using MailTracker.Grains.Ids;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Webhooks;

namespace MailTracker.Grains.Storage;

/// <summary>
/// The embedded "database": every in-memory store of one deployment. Silos that are given the same instance
/// (the grain-test cluster's, through <see cref="InMemoryStorageExtensions.AddInMemoryStorage"/>) see one set of
/// data, as silos on one PostgreSQL database do.
/// </summary>
public sealed class InMemoryStorage
{
    public InMemoryStorage(TimeProvider? time = null)
    {
        Recipients = new InMemoryRecipientStore(time ?? TimeProvider.System, Analytics);
        Webhooks = new InMemoryWebhookStore(time ?? TimeProvider.System);
        Hits = new InMemoryHitStore(CommitSignal, Recipients, Analytics);
        Emails = new InMemoryEmailStore(Recipients);
    }

    public InMemoryIdGenerator Ids { get; } = new();

    public InMemoryRecipientStore Recipients { get; }

    public InMemoryWebhookStore Webhooks { get; }

    /// <summary>The hit log, its reader, the consumption commit and the data in one; its commits poke through <see cref="CommitSignal"/>.</summary>
    public InMemoryHitStore Hits { get; }

    public InMemoryAnalyticsStore Analytics { get; } = new();

    public InMemoryIdempotencyStore Idempotency { get; } = new();

    public InMemoryEmailStore Emails { get; }

    /// <summary>Tells the partition tailers of a commit through a silo that shares this storage and is still running.</summary>
    public InMemoryCommitSignal CommitSignal { get; } = new();
}
