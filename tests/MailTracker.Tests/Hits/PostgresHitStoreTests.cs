using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Silo.Database;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailTracker.Tests.Hits;

public sealed class PostgresHitStoreTests : HitStoreContract
{
    protected override async Task<HitStores> CreateAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await (await PostgresServer.GetAsync()).CreateDatabaseAsync("hitstores"));
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).ApplyAsync(CancellationToken.None);
        var writer = new GroupCommitWriter(dataSource, new LostCommitResolver(dataSource, TestMetrics.Create()), new NoSignal(), TestMetrics.Create(),
            TimeProvider.System, NullLogger<GroupCommitWriter>.Instance);
        return new HitStores(writer, new HitLogReader(dataSource), new ConsumptionCommit(dataSource), new PostgresHitDataStore(dataSource),
            new PostgresRecipientStore(dataSource))
        {
            Cleanup = dataSource.DisposeAsync,
        };
    }
}
