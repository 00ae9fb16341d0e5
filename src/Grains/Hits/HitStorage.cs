using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Grains.Hits;

/// <summary>A point in one partition of the hit log: rows are read in (Xid, Seq) order.</summary>
public readonly record struct LogPosition(long Xid, long Seq) : IComparable<LogPosition>
{
    public static readonly LogPosition Start = new(0, 0);

    public int CompareTo(LogPosition other) => (Xid, Seq).CompareTo((other.Xid, other.Seq));
}

/// <summary>
/// What a tailer needs of a logged hit to decide it. <see cref="Unresolved"/> is set only on a hit logged
/// before its token could be resolved (EntityId 0): the whole raw row, token included.
/// </summary>
public readonly record struct LoggedHit(
    Guid HitId, HitKind Kind, long EntityId, bool Bot, string? IpHash, long? RecipientId = null, DateTimeOffset? Date = null, Hit? Unresolved = null);

/// <summary>A page of committed hits and the position to read on from.</summary>
public sealed record HitLogBatch(IReadOnlyList<LoggedHit> Hits, LogPosition Next);

/// <summary>What consuming a batch of one partition changes, all at once.</summary>
/// <param name="Next">The partition's new position: every hit up to it is decided.</param>
/// <param name="Counted">What the batch adds to each pixel's or link's counts.</param>
/// <param name="Discarded">Hits that count nothing (paused, repeated IP, deleted, unresolved rows): removed.</param>
/// <param name="Resolved">Unresolved hits now resolved: logged again under their own entity (and partition), to be decided there.</param>
/// <param name="Recipients">What the counted hits add to their recipients (first open, counts).</param>
public sealed record HitConsumption(
    LogPosition Next,
    IReadOnlyList<CountedHits> Counted,
    IReadOnlyCollection<Guid> Discarded,
    IReadOnlyList<Hit> Resolved,
    IReadOnlyList<MailTracker.Grains.Recipients.RecipientActivity> Recipients)
{
    /// <summary>Nothing but a new position (a partition that has caught up moves it to the watermark).</summary>
    public static HitConsumption MoveTo(LogPosition next) => new(next, [], [], [], []);
}

/// <summary>How many hits of one pixel or link a consumption counts.</summary>
public readonly record struct CountedHits(HitKind Kind, long EntityId, HitCounts Added);

/// <summary>
/// The durable hit log, the first thing a hit touches (log-first, PRODUCT.md §2). A hit is appended
/// once and answered only after its commit; tailers read each partition in commit order. The log is
/// also where the hits stay: once decided, a row is data (<see cref="IHitDataStore"/>).
/// </summary>
public interface IHitLog
{
    /// <summary>Completes once the hit is durably committed (group commit: many concurrent hits share one commit).</summary>
    Task AppendAsync(Hit hit, CancellationToken cancellationToken = default);

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

/// <summary>
/// The decided hits ("data") per pixel or link, their counts, and how far each partition has been decided.
/// A commit removes the discarded hits, logs the resolved ones, adds the counts and moves the position, all
/// at once: after a crash consumption resumes from the last commit, and nothing is counted twice.
/// </summary>
public interface IHitDataStore
{
    /// <summary>Where the partition's consumption stopped (<see cref="LogPosition.Start"/> when it never ran).</summary>
    Task<LogPosition> GetPositionAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>Applies one batch's consumption atomically.</summary>
    Task CommitAsync(int partition, HitConsumption consumption, CancellationToken cancellationToken = default);

    Task<HitCounts> CountAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);

    /// <summary>Decided hits only, newest first, as the PastePixel data endpoints page.</summary>
    Task<IReadOnlyList<Hit>> PageAsync(HitKind kind, long entityId, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>The distinct salted IP hashes of the decided hits (for uniqueOpensOnly).</summary>
    Task<IReadOnlyCollection<string>> IpHashesAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);

    /// <summary>Removes an entity's hits and counts when the entity is deleted.</summary>
    Task DeleteAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);

    /// <summary>A recipient's decided opens, oldest first.</summary>
    Task<IReadOnlyList<RecipientOpen>> RecipientOpensAsync(long recipientId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// An account's decided opens or clicks after <paramref name="after"/>, in commit order. Only hits that every
    /// partition has decided up to are shown, so an event that shows up later can never sort before one shown.
    /// </summary>
    Task<EventPage> EventsAsync(long accountId, HitKind kind, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The feeds' present end: a reader that starts here gets only hits committed from now on (none missed).</summary>
    Task<CommitCursor> EventsEndAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Told after each commit which partitions received rows, so that the partition tailers wake at once
/// instead of waiting for their next poll. Called once per commit (per batch), never per hit.
/// </summary>
public interface IHitCommitSignal
{
    void Committed(IReadOnlyCollection<int> partitions);
}
