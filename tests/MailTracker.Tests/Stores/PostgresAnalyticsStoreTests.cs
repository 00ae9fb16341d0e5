using MailTracker.Grains.Analytics;
using MailTracker.Grains.Hits;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Stores;

public sealed class PostgresAnalyticsStoreTests(MigratedDatabase database) : AnalyticsStoreContract, IClassFixture<MigratedDatabase>
{
    protected override IAnalyticsStore Store { get; } = new PostgresAnalyticsStore(database.DataSource);

    // Rollups land in the tailers' consumption commit, as in production.
    protected override Task ApplyAsync(AnalyticsRollup rollup) =>
        new ConsumptionCommit(database.DataSource).CommitAsync(0, new HitConsumption(LogPosition.Start, [], [], [], []) { Rollup = rollup });
}
