using MailTracker.Grains.Recipients;
using MailTracker.Grains.Storage;

namespace MailTracker.Tests.Stores;

public sealed class InMemoryRecipientStoreTests : RecipientStoreContract
{
    private readonly InMemoryStorage _storage = new();

    protected override IRecipientStore Store => _storage.Recipients;

    // What the in-memory hit store's commit calls.
    protected override Task ApplyAsync(IReadOnlyList<RecipientActivity> activity)
    {
        _storage.Recipients.Apply(activity, new MailTracker.Grains.Analytics.AnalyticsRollup());
        return Task.CompletedTask;
    }
}
