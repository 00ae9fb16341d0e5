using MailTracker.Accounts;
using MailTracker.Grains.Ids;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Foundation;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_account_is_created_once_and_read_from_any_silo()
    {
        var directory = fixture.Grains.GetGrain<IAccountDirectoryGrain>(0);
        var account = await directory.CreateAccountAsync("Grain test " + Guid.NewGuid(), "free");

        var again = await fixture.Grains.GetGrain<IAccountGrain>(account.Id).CreateAsync("other name", "growth");
        Assert.Equal(account, again);

        var client = fixture.Cluster.Client;
        Assert.Equal(account, await client.GetGrain<IAccountGrain>(account.Id).GetAsync());
        Assert.Contains(account.Id, await directory.ListAsync());
    }

    [Fact]
    public async Task An_account_that_was_never_created_reads_as_null()
    {
        Assert.Null(await fixture.Grains.GetGrain<IAccountGrain>(Random.Shared.NextInt64(1L << 50, 1L << 52)).GetAsync());
    }
}

public sealed class IdScramblerTests
{
    [Fact]
    public void Distinct_counters_give_distinct_positive_ids_below_2_to_the_53()
    {
        var scrambler = new IdScrambler(new byte[32]);
        var ids = Enumerable.Range(0, 100_000).Select(i => scrambler.Scramble(i)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 1, 1L << 53));
    }

    [Fact]
    public void Consecutive_counters_do_not_give_consecutive_ids()
    {
        var scrambler = new IdScrambler(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var ids = Enumerable.Range(1000, 50).Select(i => scrambler.Scramble(i)).ToList();
        var nearNeighbours = ids.Zip(ids.Skip(1)).Count(p => Math.Abs(p.First - p.Second) < 1000);
        Assert.True(nearNeighbours <= 1, $"{nearNeighbours} of 49 neighbouring ids are close together");
    }

    [Fact]
    public void Another_key_gives_other_ids()
    {
        var a = new IdScrambler(new byte[32]);
        var b = new IdScrambler(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.NotEqual(a.Scramble(5), b.Scramble(5));
    }
}
