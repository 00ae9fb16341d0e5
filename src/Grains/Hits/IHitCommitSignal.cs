namespace MailTracker.Grains.Hits;

/// <summary>
/// Told after each commit which partitions received rows, so that the partition tailers wake at once
/// instead of waiting for their next poll. Called once per commit (per batch), never per hit.
/// </summary>
public interface IHitCommitSignal
{
    void Committed(IReadOnlyCollection<int> partitions);
}
