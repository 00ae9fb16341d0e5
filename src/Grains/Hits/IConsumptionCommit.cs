namespace MailTracker.Grains.Hits;

/// <summary>
/// The one atomic commit of a partition tailer's batch: it removes the discarded hits, logs the resolved ones, adds the counts
/// and the recipients' activity and moves the partition's position, all at once. After a crash consumption resumes from the
/// last commit, and nothing is counted twice.
/// </summary>
public interface IConsumptionCommit
{
    /// <summary>Where the partition's consumption stopped (<see cref="LogPosition.Start"/> when it never ran).</summary>
    Task<LogPosition> GetPositionAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>Applies one batch's consumption atomically.</summary>
    Task CommitAsync(int partition, HitConsumption consumption, CancellationToken cancellationToken = default);
}
