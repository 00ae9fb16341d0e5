using MailTracker.Grains.Messages;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Stores;

public sealed class PostgresEmailStoreTests(MigratedDatabase database) : EmailStoreContract, IClassFixture<MigratedDatabase>
{
    protected override IEmailStore Store { get; } = new PostgresEmailStore(database.DataSource);
}
