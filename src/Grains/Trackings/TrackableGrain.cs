using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

/// <summary>
/// A pixel or a link. It decides which of its hits count; the log tailer commits the counts and removes
/// the hits that do not count in one statement for the whole batch, so the count always equals the rows
/// the data endpoint pages through.
/// </summary>
public sealed class TrackableGrain(
    [PersistentState("trackable", StorageNames.Default)] IPersistentState<TrackableState> state,
    IHitDataStore data,
    TimeProvider time) : Grain, ITrackableGrain
{
    /// <summary>uniqueOpensOnly: each IP hash seen, with the hit that claimed it (Guid.Empty when loaded from storage).</summary>
    private Dictionary<string, Guid>? _seenIpHashes;

    private long Id => this.GetPrimaryKeyLong();

    private bool Exists => state.State.Spec is not null && !state.State.Deleted;

    public async Task<TrackableInfo> CreateAsync(TrackableSpec spec)
    {
        if (state.State.Spec is null)
        {
            state.State.Spec = spec;
            state.State.Created = time.GetUtcNow();
            state.State.Enabled = spec.Enabled;
            state.State.UniqueOpensOnly = spec.UniqueOpensOnly;
            await state.WriteStateAsync();
        }
        return await InfoAsync();
    }

    public async Task<TrackableInfo?> GetAsync(long accountId) =>
        Exists && state.State.Spec!.AccountId == accountId ? await InfoAsync() : null;

    public async Task<HitPage?> GetDataAsync(long accountId, HitKind kind, int offset, int limit)
    {
        if (!Exists || state.State.Spec!.AccountId != accountId || state.State.Spec.Kind != kind) return null;
        var counts = data.CountAsync(state.State.Spec.Kind, Id);
        var hits = data.PageAsync(state.State.Spec.Kind, Id, offset, limit);
        return new HitPage(await counts, await hits);
    }

    public async Task SetSwitchesAsync(bool enabled, bool uniqueOpensOnly)
    {
        // Hits counted while unique-only was off are not in the set: load it again when it is next needed.
        if (uniqueOpensOnly && !state.State.UniqueOpensOnly) _seenIpHashes = null;
        state.State.Enabled = enabled;
        state.State.UniqueOpensOnly = uniqueOpensOnly;
        await state.WriteStateAsync();
        await ForgetVerdictAsync();
    }

    public async Task DeleteAsync()
    {
        if (state.State.Spec is not { } spec || state.State.Deleted) return;
        state.State.Deleted = true;
        await state.WriteStateAsync();
        await ForgetVerdictAsync();
        // The token grain tells every silo's hit cache: the link or pixel answers 404 everywhere from here on.
        await GrainFactory.GetGrain<ITokenGrain>(spec.Token).DeleteAsync();
        await data.DeleteAsync(spec.Kind, Id);
        _seenIpHashes = null;
    }

    public async Task<HitVerdict> DecideAsync(IReadOnlyList<HitClaim> hits)
    {
        // A paused or deleted tracking counts nothing: the hits are removed before anybody saw them.
        if (!Exists || !state.State.Enabled) return new HitVerdict([.. hits.Select(h => h.HitId)], CountsEverything: false);
        if (!state.State.UniqueOpensOnly) return new HitVerdict([], CountsEverything: true);

        _seenIpHashes ??= (await data.IpHashesAsync(state.State.Spec!.Kind, Id)).ToDictionary(h => h, _ => Guid.Empty, StringComparer.Ordinal);
        var rejected = new List<Guid>();
        foreach (var hit in hits)
        {
            // A redelivered hit keeps the claim it made the first time (its commit may have failed).
            if (hit.IpHash is not { } hash || (_seenIpHashes.TryGetValue(hash, out var claimedBy) && claimedBy != hit.HitId))
            {
                rejected.Add(hit.HitId);
                continue;
            }
            _seenIpHashes[hash] = hit.HitId;
        }
        return new HitVerdict(rejected, CountsEverything: false);
    }

    /// <summary>The log tailer may be counting this entity's hits without asking: it must ask again from now on.</summary>
    private Task ForgetVerdictAsync() => GrainFactory.GetGrain<IPartitionTailerGrain>(HitPartitions.Of(Id)).ForgetVerdictAsync(Id);

    private async Task<TrackableInfo> InfoAsync()
    {
        var spec = state.State.Spec!;
        var counts = await data.CountAsync(spec.Kind, Id);
        return new TrackableInfo(Id, spec.Kind, spec.TrackingId, spec.AccountId, state.State.Created, spec.Token, spec.OriginalUrl, counts);
    }
}
