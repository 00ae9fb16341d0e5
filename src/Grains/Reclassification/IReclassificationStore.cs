namespace MailTracker.Grains.Reclassification;

/// <summary>The stored hits a reclassification reads, and the one transaction that gives a batch of them their new verdicts.</summary>
public interface IReclassificationStore
{
    /// <summary>
    /// Up to <paramref name="limit"/> decided hits of the tracking after <paramref name="after"/> (opens, then clicks, in commit order)
    /// not yet judged under <paramref name="rulesVersion"/>.
    /// </summary>
    Task<IReadOnlyList<StoredHit>> ReadAsync(long accountId, long trackingId, StoredHitCursor after, string rulesVersion, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: each hit's new verdict and version, the pixel's or link's bot count moved by the difference, and the
    /// recipients' first open / first bot open / first click / first bot click and counts recomputed, so that every counter still
    /// equals the rows behind it. A hit judged under <paramref name="rulesVersion"/> meanwhile (an earlier try that committed) is
    /// left as it is.
    /// </summary>
    Task<ReclassifiedBatch> ApplyAsync(IReadOnlyList<HitReverdict> verdicts, string rulesVersion, CancellationToken cancellationToken = default);
}
