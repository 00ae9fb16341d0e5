using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Reclassification;
using MailTracker.Tests.Hits;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailTracker.Tests.Reclassification;

public sealed class PostgresReclassificationStoreTests : ReclassificationStoreContract
{
    protected override async Task<(HitStores Hits, IReclassificationStore Store)> CreateAsync()
    {
        var dataSource = await MigratedDatabase.CreateAsync("reclassify");
        var writer = new GroupCommitWriter(dataSource, new LostCommitResolver(dataSource, TestMetrics.Create()), new NoSignal(), TestMetrics.Create(),
            TimeProvider.System, NullLogger<GroupCommitWriter>.Instance);
        var stores = new HitStores(writer, new HitLogReader(dataSource), new ConsumptionCommit(dataSource), new PostgresHitDataStore(dataSource),
            new PostgresUniqueOpenStore(dataSource), new PostgresRecipientStore(dataSource, TimeProvider.System))
        {
            Cleanup = dataSource.DisposeAsync,
        };
        return (stores, new PostgresReclassificationStore(dataSource));
    }
}
