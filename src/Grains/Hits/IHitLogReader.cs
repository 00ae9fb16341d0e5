namespace MailTracker.Grains.Hits;

/// <summary>Reads one partition of the hit log in commit order: the partition tailers' source.</summary>
public interface IHitLogReader
{
    /// <summary>
    /// Up to <paramref name="limit"/> committed hits of one partition after <paramref name="after"/>, in commit order,
    /// never returning a row while an earlier-positioned row could still commit (so nothing is ever skipped).
    /// When fewer than <paramref name="limit"/> come back, Next may lie beyond the last of them: no row at or before
    /// it can appear any more (so that idle partitions do not hold back the event feeds).
    /// </summary>
    /// <remarks>
    /// The page is read into <paramref name="buffer"/> (cleared first), which the batch's Hits then are: a tailer reuses one
    /// buffer, since a page of 2,000 hits is a large-object-heap array, and each new one would bring a full collection closer.
    /// </remarks>
    Task<HitLogBatch> ReadAsync(int partition, LogPosition after, int limit, List<LoggedHit> buffer, CancellationToken cancellationToken = default);
}
