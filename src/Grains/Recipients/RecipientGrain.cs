using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Grains.Recipients;

/// <summary>
/// A recipient token. Its row is written in bulk with its request's others and by the hit tailers (first
/// open, counts), so the grain keeps no state of its own: it reads the row, and caches only the immutable
/// facts the hit path asks for.
/// </summary>
// A silo's hit caches answer for the recipients hit lately, so an activation serves one cold look-up and then idles: with the
// default 15 minutes, a campaign of a million recipients kept a million of them resident. Two idle minutes, then it goes.
[CollectionAgeLimit(Minutes = 2)]
public sealed class RecipientGrain(IRecipientStore store, Hits.IHitDataStore hits) : Grain, IRecipientGrain
{
    private RecipientFacts? _facts;

    private string Token => this.GetPrimaryKeyString();

    public async Task<RecipientFacts?> GetFactsAsync()
    {
        if (_facts is null && GrainKeys.IsSafeStringKey(Token) && await store.GetAsync(Token) is { } info)
        {
            _facts = info.ToFacts();
        }
        return _facts;
    }

    public async Task<RecipientInfo?> GetAsync(long accountId) =>
        await store.GetAsync(Token) is { } info && info.AccountId == accountId ? info : null;

    // Webhooks learn of it from the update order (IRecipientStore.UnsubscribedOrBouncedAsync), not from here:
    // the event is as durable as the change itself.
    public async Task<RecipientInfo?> RecordAsync(long accountId, RecipientEvent what) =>
        await GetAsync(accountId) is null ? null : await store.RecordAsync(Token, what);

    public async Task<IReadOnlyList<RecipientOpen>?> GetOpensAsync(long accountId) =>
        await GetAsync(accountId) is { } info ? await hits.RecipientOpensAsync(info.Id, MaxOpens) : null;

    public const int MaxOpens = 1000;

    public async Task<RecipientInfo?> DeleteAsync(long accountId)
    {
        if (await GetAsync(accountId) is not { } info || !await store.DeleteAsync(Token)) return null;
        _facts = null;
        // Its personal URLs stop attributing hits on every silo before the delete is answered.
        await GrainFactory.GetGrain<IHitCacheHubGrain>(0).TokenChangedAsync(Token);
        return info;
    }
}
