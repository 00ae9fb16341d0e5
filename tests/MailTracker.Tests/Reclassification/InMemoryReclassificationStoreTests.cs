using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Reclassification;
using MailTracker.Tests.Hits;

namespace MailTracker.Tests.Reclassification;

public sealed class InMemoryReclassificationStoreTests : ReclassificationStoreContract
{
    protected override Task<(HitStores Hits, IReclassificationStore Store)> CreateAsync()
    {
        var recipients = new InMemoryRecipientStore(TimeProvider.System);
        var store = new InMemoryHitStore(new NoSignal(), recipients);
        return Task.FromResult((new HitStores(store, store, store, store, store, recipients), (IReclassificationStore)store));
    }
}
