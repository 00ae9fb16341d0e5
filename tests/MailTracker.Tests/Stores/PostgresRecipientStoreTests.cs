using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Recipients;
using MailTracker.Tests.Infrastructure;
using Npgsql;

namespace MailTracker.Tests.Stores;

public sealed class PostgresRecipientStoreTests(MigratedDatabase database) : RecipientStoreContract, IClassFixture<MigratedDatabase>
{
    private readonly NpgsqlDataSource _dataSource = database.DataSource;

    protected override IRecipientStore Store { get; } = new PostgresRecipientStore(database.DataSource, TimeProvider.System);

    // The activity lands in the hit consumer's commit, as in production.
    protected override Task ApplyAsync(IReadOnlyList<RecipientActivity> activity) =>
        new ConsumptionCommit(_dataSource).CommitAsync(0, new HitConsumption(LogPosition.Start, [], [], [], activity));

    [Fact]
    public async Task Look_ups_made_while_a_read_is_under_way_share_the_next_read()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var created = await AddAsync(tracking, account, [.. Enumerable.Range(0, 1000).Select(i => $"shared{i}@example.com")]);
        var batcher = new RecipientFactsBatcher(Store);

        var answers = await Task.WhenAll(created.Select(r => batcher.FactsAsync(r.Token)));

        Assert.Equal(created.Select(r => (long?)r.Id), answers.Select(f => f?.Id));
        // Two reads start at once; every look-up made while they wait on the database joins one of the next ones.
        Assert.InRange(batcher.Reads, 1, 100);
    }

    [Fact]
    public async Task A_change_that_commits_late_is_not_skipped_by_a_poll_in_between()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var r = await AddAsync(tracking, account, "slow@example.com", "fast@example.com");
        var start = (await ListUntilAsync(tracking, CommitCursor.Start, p => p.Recipients.Count == 2)).Next;
        var accountStart = (await ListAllUntilAsync(account, CommitCursor.Start, p => p.Recipients.Count == 2)).Next;

        // A change takes its place in the update order when it is made and shows when it commits.
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var slow = await connection.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand(
            """
            UPDATE mt_recipients SET unsubscribed = now(), last_update = now(),
                update_xid = pg_current_xact_id()::text::bigint, update_seq = nextval('mt_recipient_updates')
            WHERE token = @token
            """, connection, slow))
        {
            update.Parameters.AddWithValue("token", r[0].Token);
            await update.ExecuteNonQueryAsync();
        }
        await Store.RecordAsync(r[1].Token, RecipientEvent.Bounced);

        // The later change has committed, but a poll that showed it now would move past the slow one for good.
        var between = await Store.ListAsync(tracking, start, 10);
        Assert.Empty(between.Recipients);
        Assert.Empty((await Store.UnsubscribedOrBouncedAsync(account, start, 10)).Recipients);
        var accountBetween = await Store.ListAllAsync(account, accountStart, 10);
        Assert.Empty(accountBetween.Recipients);

        await slow.CommitAsync();
        var after = await ListUntilAsync(tracking, between.Next, p => p.Recipients.Count == 2);
        Assert.Equal([r[0].Id, r[1].Id], after.Recipients.Select(x => x.Id));
        var accountAfter = await ListAllUntilAsync(account, accountBetween.Next, p => p.Recipients.Count == 2);
        Assert.Equal([r[0].Id, r[1].Id], accountAfter.Recipients.Select(x => x.Id));
    }
}
