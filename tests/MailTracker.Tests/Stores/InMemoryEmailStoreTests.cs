using MailTracker.Grains.Messages;

namespace MailTracker.Tests.Stores;

public sealed class InMemoryEmailStoreTests : EmailStoreContract
{
    protected override IEmailStore Store { get; } = new InMemoryEmailStore();
}
