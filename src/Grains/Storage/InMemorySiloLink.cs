using MailTracker.Grains.Hits;

namespace MailTracker.Grains.Storage;

/// <summary>
/// One silo's membership of a shared <see cref="InMemoryStorage"/>, from <see cref="InMemoryCommitSignal.Join"/>
/// (the silo's first use of a hit store) until the silo's container disposes it: meanwhile the storage's commits
/// may poke the tailers through this silo.
/// </summary>
public sealed class InMemorySiloLink(InMemoryCommitSignal shared, IHitCommitSignal silo) : IDisposable
{
    public void Dispose() => shared.Leave(silo);
}
