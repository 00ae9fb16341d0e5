using MailTracker.Grains.Analytics;
using MailTracker.Grains.Messages;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Storage;

namespace MailTracker.Tests.Stores;

public sealed class InMemoryEmailStoreTests : EmailStoreContract
{
    private readonly InMemoryStorage _storage = new();

    protected override IEmailStore Store => _storage.Emails;

    protected override IRecipientStore Recipients => _storage.Recipients;

    // What the in-memory hit store's commit calls.
    protected override Task ApplyAsync(IReadOnlyList<RecipientActivity> activity)
    {
        _storage.Recipients.Apply(activity, new AnalyticsRollup());
        return Task.CompletedTask;
    }
}
