using MailTracker.Grains.Hits;
using MailTracker.Grains.Messages;
using MailTracker.Grains.Recipients;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Stores;

public sealed class PostgresEmailStoreTests(MigratedDatabase database) : EmailStoreContract, IClassFixture<MigratedDatabase>
{
    protected override IEmailStore Store { get; } = new PostgresEmailStore(database.DataSource);

    protected override IRecipientStore Recipients { get; } = new PostgresRecipientStore(database.DataSource, TimeProvider.System);

    // The activity lands in the hit consumer's commit, as in production.
    protected override Task ApplyAsync(IReadOnlyList<RecipientActivity> activity) =>
        new ConsumptionCommit(database.DataSource).CommitAsync(0, new HitConsumption(LogPosition.Start, [], [], [], activity));
}
