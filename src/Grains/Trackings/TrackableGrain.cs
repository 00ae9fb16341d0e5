using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

public sealed record TrackableState
{
    public TrackableSpec? Spec { get; set; }

    public DateTimeOffset Created { get; set; }

    public bool Enabled { get; set; }

    public bool UniqueOpensOnly { get; set; }

    public bool Deleted { get; set; }
}

/// <summary>
/// A pixel or a link. Its counters are derived from its stored hits (loaded at activation, then kept up
/// to date by what each batch really added), so the count always equals the rows the data endpoint pages.
/// </summary>
public sealed class TrackableGrain(
    [PersistentState("trackable", StorageNames.Default)] IPersistentState<TrackableState> state,
    IHitDataStore data) : Grain, ITrackableGrain
{
    private HitCounts _counts;
    private HashSet<string>? _seenIpHashes;

    private long Id => this.GetPrimaryKeyLong();

    private bool Exists => state.State.Spec is not null && !state.State.Deleted;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists) _counts = await data.CountAsync(state.State.Spec!.Kind, Id, cancellationToken);
    }

    public async Task<TrackableInfo> CreateAsync(TrackableSpec spec)
    {
        if (state.State.Spec is null)
        {
            state.State.Spec = spec;
            state.State.Created = DateTimeOffset.UtcNow;
            state.State.Enabled = spec.Enabled;
            state.State.UniqueOpensOnly = spec.UniqueOpensOnly;
            await state.WriteStateAsync();
        }
        return Info();
    }

    public Task<TrackableInfo?> GetAsync(long accountId) =>
        Task.FromResult(Exists && state.State.Spec!.AccountId == accountId ? Info() : null);

    public async Task<HitPage?> GetDataAsync(long accountId, int offset, int limit)
    {
        if (!Exists || state.State.Spec!.AccountId != accountId) return null;
        var hits = await data.PageAsync(state.State.Spec.Kind, Id, offset, limit);
        return new HitPage(_counts, hits);
    }

    public async Task SetSwitchesAsync(bool enabled, bool uniqueOpensOnly)
    {
        state.State.Enabled = enabled;
        state.State.UniqueOpensOnly = uniqueOpensOnly;
        await state.WriteStateAsync();
    }

    public async Task DeleteAsync()
    {
        if (state.State.Spec is not { } spec || state.State.Deleted) return;
        state.State.Deleted = true;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITokenGrain>(spec.Token).DeleteAsync();
        await data.DeleteAsync(spec.Kind, Id);
        _counts = default;
    }

    public async Task ApplyHitsAsync(IReadOnlyList<Hit> hits)
    {
        // A paused or deleted tracking counts nothing: the hits stay only in the raw log, seen by nobody.
        if (!Exists || !state.State.Enabled) return;
        var spec = state.State.Spec!;
        IReadOnlyList<Hit> counted = hits;
        HashSet<string>? newHashes = null;
        if (state.State.UniqueOpensOnly)
        {
            _seenIpHashes ??= [.. await data.IpHashesAsync(spec.Kind, Id)];
            newHashes = [];
            counted = [.. hits.Where(h => h.IpHash is { } hash && !_seenIpHashes.Contains(hash) && newHashes.Add(hash))];
        }
        if (counted.Count == 0) return;
        _counts += await data.AddAsync(spec.Kind, Id, counted);
        // Only after the rows are stored: a failed batch is retried and must not look like repeats.
        if (newHashes is not null) _seenIpHashes!.UnionWith(newHashes);
    }

    private TrackableInfo Info()
    {
        var spec = state.State.Spec!;
        return new TrackableInfo(Id, spec.Kind, spec.TrackingId, spec.AccountId, state.State.Created, spec.Token, spec.OriginalUrl, _counts);
    }
}
