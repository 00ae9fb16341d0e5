using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Storage;
using MailTracker.Hits;
using MailTracker.Recipients;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Stores;

/// <summary>Silos given one <see cref="InMemoryStorage"/> share its data, as silos on one database do; silos given none do not.</summary>
public sealed class InMemoryStorageTests
{
    [Fact]
    public async Task Silos_given_one_storage_see_each_others_data_and_silos_given_none_do_not()
    {
        var shared = new InMemoryStorage();
        using var first = Silo(shared, new RecordingSignal());
        using var second = Silo(shared, new RecordingSignal());
        using var alone = Silo(null, new RecordingSignal());

        var created = await first.GetRequiredService<IRecipientStore>().AddAsync(1, 2, [new NewRecipient(3, "rshared", new RecipientSpec("s@example.com", null, null))]);
        Assert.Equal(created[0].Id, (await second.GetRequiredService<IRecipientStore>().GetAsync("rshared"))?.Id);
        Assert.Equal("rshared", await second.GetRequiredService<IRecipientDirectory>().FindTokenAsync(3));
        Assert.Null(await alone.GetRequiredService<IRecipientStore>().GetAsync("rshared"));
        Assert.Same(first.GetRequiredService<IHitDataStore>(), second.GetRequiredService<IHitLog>());
        Assert.NotSame(first.GetRequiredService<IHitLog>(), alone.GetRequiredService<IHitLog>());
    }

    [Fact]
    public async Task A_shared_storage_tells_its_tailers_of_commits_through_a_silo_that_is_still_running()
    {
        var shared = new InMemoryStorage();
        var (firstSignal, secondSignal) = (new RecordingSignal(), new RecordingSignal());
        var first = Silo(shared, firstSignal);
        using var second = Silo(shared, secondSignal);
        _ = first.GetRequiredService<IHitLog>();
        var log = second.GetRequiredService<IHitLog>();

        await log.AppendAsync(NewHit(entityId: 8 + 3));
        Assert.Equal([[3]], firstSignal.Calls);
        Assert.Empty(secondSignal.Calls);

        // The first silo stops: its grain factory is gone, so the pokes go through the one left.
        first.Dispose();
        await log.AppendAsync(NewHit(entityId: 8 + 5));
        Assert.Equal([[3]], firstSignal.Calls);
        Assert.Equal([[5]], secondSignal.Calls);
    }

    private static ServiceProvider Silo(InMemoryStorage? storage, IHitCommitSignal signal) =>
        new ServiceCollection().AddSingleton(TimeProvider.System).AddSingleton(signal).AddInMemoryStorage(storage).BuildServiceProvider();

    private static Hit NewHit(long entityId) => new(Guid.NewGuid(), HitKind.Open, entityId, 1, 2, null, null, null, null, null, null, false);

    private sealed class RecordingSignal : IHitCommitSignal
    {
        public List<int[]> Calls { get; } = [];

        public void Committed(IReadOnlyCollection<int> partitions) => Calls.Add([.. partitions]);
    }
}
