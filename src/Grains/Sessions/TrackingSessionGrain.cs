using MailTracker.Accounts;
using MailTracker.Sessions;

namespace MailTracker.Grains.Sessions;

public sealed class TrackingSessionGrain(
    [PersistentState("trackingsession", StorageNames.Default)] IPersistentState<TrackingSessionState> state,
    TimeProvider clock) : Grain, ITrackingSessionGrain
{
    public async Task StartAsync(TrackingSessionGrant grant)
    {
        // A token is random and used once: a second start under the same key would be a collision or a bug, never a renewal.
        if (state.State.Grant is not null) throw new InvalidOperationException("A tracking session is started once.");
        state.State.Grant = grant;
        await state.WriteStateAsync();
    }

    public async Task<long?> GetAccountAsync()
    {
        if (state.State.Grant is not { } grant) return null;
        if (grant.Expires <= clock.GetUtcNow())
        {
            await EndAsync();
            return null;
        }
        // The API key's grain is the one authority on revocation; asking it costs one call to an active grain.
        var key = await GrainFactory.GetGrain<IApiKeyGrain>(grant.ApiKeyGrainKey).GetAsync();
        if (key is null || key.AccountId != grant.AccountId)
        {
            await EndAsync();
            return null;
        }
        return grant.AccountId;
    }

    public async Task EndAsync()
    {
        if (state.State.Grant is null) return;
        await state.ClearStateAsync();
        state.State = new TrackingSessionState();
    }
}
