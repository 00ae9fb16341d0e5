using MailTracker.Grains.Hits;

namespace MailTracker.Tests.Hits;

/// <summary>A commit signal nobody listens to: store tests read the log themselves.</summary>
public sealed class NoSignal : IHitCommitSignal
{
    public void Committed(IReadOnlyCollection<int> partitions)
    {
    }
}
