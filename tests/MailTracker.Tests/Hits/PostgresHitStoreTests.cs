using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailTracker.Tests.Hits;

public sealed class PostgresHitStoreTests : HitStoreContract
{
    protected override async Task<HitStores> CreateAsync()
    {
        var dataSource = await MigratedDatabase.CreateAsync("hitstores");
        var writer = new GroupCommitWriter(dataSource, new LostCommitResolver(dataSource, TestMetrics.Create()), new NoSignal(), TestMetrics.Create(),
            TimeProvider.System, NullLogger<GroupCommitWriter>.Instance);
        return new HitStores(writer, new HitLogReader(dataSource), new ConsumptionCommit(dataSource), new PostgresHitDataStore(dataSource),
            new PostgresUniqueOpenStore(dataSource), new PostgresRecipientStore(dataSource, TimeProvider.System))
        {
            Cleanup = dataSource.DisposeAsync,
        };
    }
}
