using MailTracker.Grains.Webhooks;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Stores;

public sealed class PostgresWebhookStoreTests(MigratedDatabase database) : WebhookStoreContract, IClassFixture<MigratedDatabase>
{
    protected override IWebhookStore Store { get; } = new PostgresWebhookStore(database.DataSource, TimeProvider.System);
}
