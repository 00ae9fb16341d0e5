using MailTracker.Hits;

namespace MailTracker.Trackings;

/// <summary>A pixel or a trackable link, keyed by its id: it decides which hits count (under uniqueOpensOnly with the log tailer, which holds the claims of addresses).</summary>
[Alias("mt.ITrackableGrain")]
public interface ITrackableGrain : IGrainWithIntegerKey
{
    [Alias("Create")]
    Task<TrackableInfo> CreateAsync(TrackableSpec spec);

    [Alias("Get")]
    Task<TrackableInfo?> GetAsync(long accountId);

    /// <summary>Null when the entity does not exist, belongs to another account or is not of <paramref name="kind"/>.</summary>
    [Alias("GetData")]
    Task<HitPage?> GetDataAsync(long accountId, HitKind kind, int offset, int limit);

    /// <summary>The tracking's switches that decide counting (pushed by the tracking when they change).</summary>
    [Alias("SetSwitches")]
    Task SetSwitchesAsync(bool enabled, bool uniqueOpensOnly);

    /// <summary>Removes the entity, its token and its data; answered once no silo serves its token.</summary>
    [Alias("Delete")]
    Task DeleteAsync();

    /// <summary>
    /// Which of these committed hits (in commit order) count nothing: all while paused or deleted, those without
    /// an IP hash under uniqueOpensOnly, where the rest count once per address (<see cref="HitVerdict.OncePerAddress"/>).
    /// Deciding again on the same hit ids gives the same answer.
    /// </summary>
    [Alias("Decide")]
    Task<HitVerdict> DecideAsync(IReadOnlyList<HitClaim> hits);
}
