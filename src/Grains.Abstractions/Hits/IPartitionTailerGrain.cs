using Orleans.Concurrency;

namespace MailTracker.Hits;

/// <summary>
/// The pulling agent of one partition of the hit log (in place of an Orleans persistent stream's agent): tails it below its
/// safe watermark, has each pixel's or link's grain decide its hits (or counts them without asking while the grain counts
/// everything), then commits the counts with how far it got, so a crash resumes there and nothing is counted twice.
/// </summary>
// The alias of its former name: silos of the previous version still address it so during a rolling upgrade.
[Alias("mt.IHitLogPartitionGrain")]
public interface IPartitionTailerGrain : IGrainWithIntegerKey
{
    /// <summary>New rows were committed: read soon.</summary>
    [OneWay, Alias("Poke")]
    Task PokeAsync();

    /// <summary>Activates the tailer (after a restart nothing else may wake it).</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunningAsync();

    /// <summary>Consumes everything committed so far, now (graceful shutdown).</summary>
    [Alias("Drain")]
    Task DrainAsync();

    /// <summary>
    /// The entity's switches changed or it was deleted: ask it again before counting its hits. Interleaves,
    /// so that an entity awaiting this never waits for a batch that waits for the entity.
    /// </summary>
    [AlwaysInterleave, Alias("ForgetVerdict")]
    Task ForgetVerdictAsync(long entityId);
}
