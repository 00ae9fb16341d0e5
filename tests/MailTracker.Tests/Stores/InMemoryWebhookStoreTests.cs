using MailTracker.Grains.Storage;
using MailTracker.Grains.Webhooks;

namespace MailTracker.Tests.Stores;

public sealed class InMemoryWebhookStoreTests : WebhookStoreContract
{
    protected override IWebhookStore Store { get; } = new InMemoryStorage().Webhooks;
}
