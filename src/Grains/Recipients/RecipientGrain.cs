using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailTracker.Accounts;
using MailTracker.Recipients;
using MailTracker.Webhooks;

namespace MailTracker.Grains.Recipients;

/// <summary>
/// A recipient token. Its row is written in bulk with its request's others and by the hit tailers (first
/// open, counts), so the grain keeps no state of its own: it reads the row, and caches only the immutable
/// facts the hit path asks for.
/// </summary>
public sealed class RecipientGrain(IRecipientStore store, Hits.IHitDataStore hits) : Grain, IRecipientGrain
{
    private RecipientFacts? _facts;

    private string Token => this.GetPrimaryKeyString();

    public async Task<RecipientFacts?> GetFactsAsync()
    {
        if (_facts is null && GrainKeys.IsSafeStringKey(Token) && await store.GetAsync(Token) is { } info)
        {
            _facts = new RecipientFacts(info.Id, info.TrackingId, info.AccountId, info.Created);
        }
        return _facts;
    }

    public async Task<RecipientInfo?> GetAsync(long accountId) =>
        await store.GetAsync(Token) is { } info && info.AccountId == accountId ? info : null;

    public async Task<RecipientInfo?> RecordAsync(long accountId, RecipientEvent what)
    {
        if (await GetAsync(accountId) is null || await store.RecordAsync(Token, what) is not { } info) return null;
        // The event's id follows from the recipient and the event, so a repeated call queues nothing twice.
        var name = what == RecipientEvent.Unsubscribed ? WebhookEvents.RecipientUnsubscribed : WebhookEvents.RecipientBounced;
        var at = (what == RecipientEvent.Unsubscribed ? info.Unsubscribed : info.Bounced) ?? info.LastUpdate;
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}:{info.Id}")).AsSpan(0, 16));
        var data = JsonSerializer.Serialize(new { id, recipient = info.Token, recipientId = info.Id, mailTrackingId = info.TrackingId, email = info.Email, date = at });
        await GrainFactory.GetGrain<IAccountGrain>(accountId).PublishAsync(new WebhookEvent(id, name, at, data, info.TrackingId));
        return info;
    }

    public async Task<IReadOnlyList<RecipientOpen>?> GetOpensAsync(long accountId) =>
        await GetAsync(accountId) is { } info ? await hits.RecipientOpensAsync(info.Id, MaxOpens) : null;

    public const int MaxOpens = 1000;

    public async Task<RecipientInfo?> DeleteAsync(long accountId)
    {
        if (await GetAsync(accountId) is not { } info || !await store.DeleteAsync(Token)) return null;
        _facts = null;
        return info;
    }
}
