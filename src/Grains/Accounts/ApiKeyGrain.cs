using MailTracker.Accounts;

namespace MailTracker.Grains.Accounts;

public sealed class ApiKeyGrain([PersistentState("apikey", StorageNames.Default)] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    public async Task CreateAsync(ApiKeyGrant grant)
    {
        if (state.State.Grant is not null) throw new InvalidOperationException("An API key is issued once.");
        state.State.Grant = grant;
        await state.WriteStateAsync();
    }

    public Task<ApiKeyGrant?> GetAsync() => Task.FromResult(state.State.Revoked ? null : state.State.Grant);

    public async Task RevokeAsync()
    {
        state.State.Revoked = true;
        await state.WriteStateAsync();
    }
}
