using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

/// <summary>
/// A pixel or a link. It decides which of its hits count; the log tailer commits the counts and removes
/// the hits that do not count in one statement for the whole batch, so the count always equals the rows
/// the data endpoint pages through. Under uniqueOpensOnly it holds no addresses: the tailer decides each
/// address's first hit against the stored claims (<see cref="UniqueOpenClaims"/>).
/// </summary>
public sealed class TrackableGrain(
    [PersistentState("trackable", StorageNames.Default)] IPersistentState<TrackableState> state,
    IHitDataStore data,
    IUniqueOpenStore uniqueOpens,
    TimeProvider time) : Grain, ITrackableGrain
{
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
            // No hits yet, so none whose addresses are unclaimed.
            state.State.SeenAddressesClaimed = spec.UniqueOpensOnly;
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
        // Hits counted while unique-only is off claim nothing: their addresses are claimed at its next first decision.
        state.State.SeenAddressesClaimed &= uniqueOpensOnly && state.State.UniqueOpensOnly;
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
    }

    public async Task<HitVerdict> DecideAsync(IReadOnlyList<HitClaim> hits)
    {
        // A paused or deleted tracking counts nothing: the hits are removed before anybody saw them.
        if (!Exists || !state.State.Enabled) return new HitVerdict([.. hits.Select(h => h.HitId)], CountsEverything: false);
        if (!state.State.UniqueOpensOnly) return new HitVerdict([], CountsEverything: true);

        if (!state.State.SeenAddressesClaimed)
        {
            // Here, not when the switch changed: the tailer asks only once the batches it counted without asking are
            // committed, so every hit counted so far is decided and its address gets claimed.
            await uniqueOpens.ClaimSeenAsync(state.State.Spec!.Kind, Id);
            state.State.SeenAddressesClaimed = true;
            await state.WriteStateAsync();
        }
        // No IP (unknown): nothing to be unique by, so it cannot count. The rest count once per address.
        return new HitVerdict([.. hits.Where(h => h.IpHash is null).Select(h => h.HitId)], CountsEverything: false, OncePerAddress: true);
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
