using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Wakes the partition tailers after commits: one one-way message per partition at most every
/// <see cref="MinInterval"/> (a tailer keeps reading for a while after a poke, so more would add nothing).
/// </summary>
public sealed class PartitionPoker(IGrainFactory grains, TimeProvider time) : IHitCommitSignal
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    private readonly IPartitionTailerGrain?[] _tailers = new IPartitionTailerGrain?[HitPartitions.Count];
    private readonly long[] _lastPoke = new long[HitPartitions.Count];

    public void Committed(IReadOnlyCollection<int> partitions)
    {
        var now = time.GetTimestamp();
        foreach (var partition in partitions)
        {
            var last = Volatile.Read(ref _lastPoke[partition]);
            if (last != 0 && time.GetElapsedTime(last, now) < MinInterval) continue;
            // Only the caller that moves the stamp pokes: concurrent commits do not poke twice.
            if (Interlocked.CompareExchange(ref _lastPoke[partition], now, last) != last) continue;
            var tailer = _tailers[partition] ??= grains.GetGrain<IPartitionTailerGrain>(partition);
            _ = tailer.PokeAsync();
        }
    }
}
