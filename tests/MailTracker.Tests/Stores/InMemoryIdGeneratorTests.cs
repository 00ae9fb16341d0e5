using MailTracker.Grains.Ids;
using MailTracker.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Stores;

public sealed class InMemoryIdGeneratorTests : IdGeneratorContract
{
    // Two silos: each its own container, both given one storage (as the grain-test cluster's are).
    protected override (IIdGenerator First, IIdGenerator Second) TwoSilos()
    {
        var storage = new InMemoryStorage();
        return (Silo(storage), Silo(storage));
    }

    private static IIdGenerator Silo(InMemoryStorage storage) =>
        new ServiceCollection().AddInMemoryStorage(storage).BuildServiceProvider().GetRequiredService<IIdGenerator>();
}
