using MailTracker.Grains.Ids;

namespace MailTracker.Tests.Stores;

/// <summary>What entity creation relies on from an <see cref="IIdGenerator"/>: ids unique across silos, safe for JavaScript, revealing no count.</summary>
public abstract class IdGeneratorContract
{
    private const long JavaScriptSafe = 1L << 53;

    /// <summary>The generators two silos of one deployment get (one database, or one shared in-memory storage).</summary>
    protected abstract (IIdGenerator First, IIdGenerator Second) TwoSilos();

    [Fact]
    public async Task Ids_from_two_silos_taken_at_once_are_all_distinct()
    {
        var (first, second) = TwoSilos();
        var taken = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () => await (i % 2 == 0 ? first : second).NextAsync())));
        Assert.Equal(taken.Length, taken.Distinct().Count());
        Assert.All(taken, id => Assert.InRange(id, 1, JavaScriptSafe - 1));
    }

    [Fact]
    public async Task Bulk_ids_are_as_many_as_asked_distinct_from_each_other_and_from_single_ones()
    {
        var (first, second) = TwoSilos();
        var all = new List<long>();
        foreach (var count in new[] { 1, 63, 64, 65, 1000 })
        {
            var mine = await first.NextManyAsync(count);
            Assert.Equal(count, mine.Length);
            all.AddRange(mine);
            all.Add(await first.NextAsync());
            all.AddRange(await second.NextManyAsync(count));
            all.Add(await second.NextAsync());
        }
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(all, id => Assert.InRange(id, 1, JavaScriptSafe - 1));
        Assert.Empty(await first.NextManyAsync(0));
    }

    [Fact]
    public async Task Consecutive_ids_do_not_count_up()
    {
        var (first, _) = TwoSilos();
        var ids = new List<long>();
        for (var i = 0; i < 50; i++) ids.Add(await first.NextAsync());
        // A counter would be ascending (and dense); a keyed permutation is neither, so ids tell nothing of other accounts.
        Assert.NotEqual(ids.Order(), ids);
        Assert.True(ids.Max() - ids.Min() > 1000 * ids.Count);
    }
}
