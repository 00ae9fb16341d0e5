using Orleans.Concurrency;

namespace MailTracker.Hits;

public enum HitKind : byte
{
    /// <summary>A pixel was loaded.</summary>
    Open = 0,

    /// <summary>A trackable link was followed.</summary>
    Click = 1,
}

/// <summary>
/// One pixel or link hit, as written to the log: what the tracking's privacy settings allow and
/// nothing more (a field it forbids is null here and therefore stored nowhere).
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.Hit")]
public sealed record Hit(
    [property: Id(0)] Guid HitId,
    [property: Id(1)] HitKind Kind,
    [property: Id(2)] long EntityId,
    [property: Id(3)] long TrackingId,
    [property: Id(4)] long AccountId,
    [property: Id(5)] DateTimeOffset? Date,
    [property: Id(6)] string? IpAddress,
    [property: Id(7)] string? IpHash,
    [property: Id(8)] string? UserAgent,
    [property: Id(9)] string? CustomData,
    [property: Id(10)] long? RecipientId,
    [property: Id(11)] bool Bot)
{
    /// <summary>
    /// Set only on a hit logged before its token could be resolved (its grain did not answer in time):
    /// then EntityId is 0 and the raw request fields are kept until the log tailer resolves it.
    /// </summary>
    [Id(12)]
    public string? Token { get; init; }

    public bool IsUnresolved => EntityId == 0;

    /// <summary>The log partition: all hits of one pixel or link stay in one partition, in commit order.</summary>
    public int Partition => HitPartitions.Of(EntityId);
}

public static class HitPartitions
{
    /// <summary>Fixed: changing it would move entities between partitions and their positions.</summary>
    public const int Count = 8;

    public static int Of(long entityId) => (int)((ulong)entityId % Count);
}

/// <summary>How many stored hits there are, and how many of them are bots.</summary>
[GenerateSerializer, Immutable, Alias("mt.HitCounts")]
public readonly record struct HitCounts([property: Id(0)] long Total, [property: Id(1)] long Bots)
{
    public long Humans => Total - Bots;

    public static HitCounts operator +(HitCounts a, HitCounts b) => new(a.Total + b.Total, a.Bots + b.Bots);
}

/// <summary>
/// Tails one partition of the hit log below its safe watermark, has each pixel's or link's grain decide its
/// hits (or counts them without asking while the grain counts everything), then commits the counts with how
/// far it got (so a crash resumes there and nothing is counted twice).
/// </summary>
[Alias("mt.IHitLogPartitionGrain")]
public interface IHitLogPartitionGrain : IGrainWithIntegerKey
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
