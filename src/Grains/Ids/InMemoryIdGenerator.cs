using System.Security.Cryptography;

namespace MailTracker.Grains.Ids;

/// <summary>The embedded default: one process, so a counter in memory is unique.</summary>
public sealed class InMemoryIdGenerator : IIdGenerator
{
    private readonly IdScrambler _scrambler = new(RandomNumberGenerator.GetBytes(32));
    private long _counter;

    public ValueTask<long> NextAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_scrambler.Scramble(Interlocked.Increment(ref _counter)));

    public ValueTask<long[]> NextManyAsync(int count, CancellationToken cancellationToken = default)
    {
        var last = Interlocked.Add(ref _counter, count);
        return ValueTask.FromResult(Enumerable.Range(0, count).Select(i => _scrambler.Scramble(last - count + 1 + i)).ToArray());
    }
}
