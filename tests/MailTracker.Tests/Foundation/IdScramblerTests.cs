using MailTracker.Grains.Ids;

namespace MailTracker.Tests.Foundation;

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
