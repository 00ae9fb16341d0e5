using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

// The silos' hit caches answer for the tokens hit lately, so an activation serves a cold look-up and then idles: with the default
// 15 minutes, a million tokens hit once each stayed resident. Two idle minutes, then it goes (its state is one small row to read).
[CollectionAgeLimit(Minutes = 2)]
public sealed class TokenGrain([PersistentState("token", StorageNames.Default)] IPersistentState<TokenState> state) : Grain, ITokenGrain
{
    public async Task InitializeAsync(TokenFacts facts, CustomImage? image)
    {
        if (!GrainKeys.IsSafeStringKey(this.GetPrimaryKeyString())) throw new ArgumentException("Token keys must be safe string keys.");
        if (state.State.Facts is not null) return;
        state.State.Facts = facts;
        state.State.Image = image;
        await state.WriteStateAsync();
    }

    public Task<TokenFacts?> GetFactsAsync() => Task.FromResult(state.State.Deleted ? null : state.State.Facts);

    public Task<CustomImage?> GetImageAsync() => Task.FromResult(state.State.Deleted ? null : state.State.Image);

    public async Task DeleteAsync()
    {
        if (!state.State.Deleted)
        {
            state.State.Deleted = true;
            state.State.Image = null;
            await state.WriteStateAsync();
        }
        // Answered once every silo has dropped its cached facts and image: a hit right after, through any
        // silo, finds the token gone. Told again on a repeated delete, in case the first one was cut short.
        await GrainFactory.GetGrain<IHitCacheHubGrain>(0).TokenChangedAsync(this.GetPrimaryKeyString());
    }
}
