using MailTracker.Accounts;
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
