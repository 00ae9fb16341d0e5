using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;

namespace MailTracker.Tests.Hits;

public sealed class InMemoryHitStoreTests : HitStoreContract
{
    protected override Task<HitStores> CreateAsync()
    {
        var recipients = new InMemoryRecipientStore(TimeProvider.System);
        var store = new InMemoryHitStore(new NoSignal(), recipients);
        return Task.FromResult(new HitStores(store, store, store, store, store, recipients));
    }
}
