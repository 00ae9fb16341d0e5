using MailTracker.Grains.Reclassification;

namespace MailTracker.Tests.Reclassification;

/// <summary>The host's reclassification store, with the second batch of every job failing once: an interrupted job must resume.</summary>
public sealed class FailingOnceReclassificationStore(IReclassificationStore inner) : IReclassificationStore
{
    private int _applied;

    public int Failures { get; private set; }

    public Task<IReadOnlyList<StoredHit>> ReadAsync(long accountId, long trackingId, StoredHitCursor after, string rulesVersion, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(accountId, trackingId, after, rulesVersion, limit, cancellationToken);

    public Task<ReclassifiedBatch> ApplyAsync(IReadOnlyList<HitReverdict> verdicts, string rulesVersion, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _applied) % 3 == 2)
        {
            Failures++;
            throw new InvalidOperationException("Injected store failure.");
        }
        return inner.ApplyAsync(verdicts, rulesVersion, cancellationToken);
    }
}
