using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>A point in one partition of the hit log: rows are read in (Xid, Seq) order.</summary>
public readonly record struct LogPosition(long Xid, long Seq)
{
    public static readonly LogPosition Start = new(0, 0);
}

/// <summary>A page of committed hits and the position to read on from.</summary>
public sealed record HitLogBatch(IReadOnlyList<Hit> Hits, LogPosition Next);

/// <summary>
/// The durable hit log, the first thing a hit touches (log-first, PRODUCT.md §2). A hit is appended
/// once and answered only after its commit; readers tail each partition in commit order.
/// </summary>
public interface IHitLog
{
    /// <summary>Completes once the hit is durably committed (group commit: many concurrent hits share one commit).</summary>
    Task AppendAsync(Hit hit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> committed hits of one partition after <paramref name="after"/>, in commit order,
    /// never returning a row while an earlier-positioned row could still commit (so nothing is ever skipped).
    /// </summary>
    Task<HitLogBatch> ReadAsync(int partition, LogPosition after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes a partition's rows up to and including <paramref name="consumed"/> (they are counted or discarded).</summary>
    Task TrimAsync(int partition, LogPosition consumed, CancellationToken cancellationToken = default);
}

/// <summary>
/// The hits that counted ("data") per pixel or link, their counts, and how far each log partition has been
/// consumed. A commit stores the counted hits not stored before (idempotent by hit id), adds exactly those
/// to their entities' counts and moves the partition's position, all at once: after a crash consumption
/// resumes from the last commit, and a redelivered hit is neither stored nor counted twice.
/// </summary>
public interface IHitDataStore
{
    /// <summary>Where the partition's consumption stopped (<see cref="LogPosition.Start"/> when it never ran).</summary>
    Task<LogPosition> GetPositionAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>Atomically stores <paramref name="counted"/> (each under its own kind and entity), counts them and moves the position.</summary>
    Task CommitAsync(int partition, LogPosition position, IReadOnlyList<Hit> counted, CancellationToken cancellationToken = default);

    Task<HitCounts> CountAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);

    /// <summary>Newest first, as the PastePixel data endpoints page.</summary>
    Task<IReadOnlyList<Hit>> PageAsync(HitKind kind, long entityId, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>The distinct salted IP hashes already stored (for uniqueOpensOnly).</summary>
    Task<IReadOnlyCollection<string>> IpHashesAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);

    /// <summary>Removes an entity's data and counts when the entity is deleted.</summary>
    Task DeleteAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Told after each commit which partitions received rows, so that the partition tailers wake at once
/// instead of waiting for their next poll. Called once per commit (per batch), never per hit.
/// </summary>
public interface IHitCommitSignal
{
    void Committed(IReadOnlyCollection<int> partitions);
}
