using MailTracker.Grains.Hits;

namespace MailTracker.Grains.Storage;

/// <summary>
/// The commit signal of an <see cref="InMemoryStorage"/> that several silos share. A silo's own signal
/// (<see cref="PartitionPoker"/>) holds that silo's grain factory, so one created with the first silo would poke
/// through a dead silo once that one stops; this one passes each commit to the signal of the earliest-joined silo
/// still running (any silo reaches every tailer, and one silo's throttle keeps the pokes few). Silos join with
/// their first use of a hit store and leave when their container is disposed (<see cref="InMemorySiloLink"/>).
/// </summary>
public sealed class InMemoryCommitSignal : IHitCommitSignal
{
    private readonly Lock _gate = new();
    private IHitCommitSignal[] _silos = [];

    public void Committed(IReadOnlyCollection<int> partitions)
    {
        var silos = Volatile.Read(ref _silos);
        if (silos.Length > 0) silos[0].Committed(partitions);
    }

    /// <summary>Adds a silo's own signal; disposing the link removes it.</summary>
    public InMemorySiloLink Join(IHitCommitSignal silo)
    {
        lock (_gate) _silos = [.. _silos, silo];
        return new InMemorySiloLink(this, silo);
    }

    internal void Leave(IHitCommitSignal silo)
    {
        lock (_gate) _silos = [.. _silos.Where(s => !ReferenceEquals(s, silo))];
    }
}
