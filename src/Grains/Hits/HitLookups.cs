using System.Net;
using MailTracker.Accounts;
using MailTracker.Diagnostics;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Trackings;
using Microsoft.Extensions.Options;

namespace MailTracker.Grains.Hits;

/// <summary>
/// This silo's cache of what the hit policy looks up — token facts and images, recipients, blacklists — so that a hit costs no
/// grain call in the steady state. The grain that changes one of them publishes it through the cache hub, which tells every
/// silo's cache (this is its observer); entries expire anyway after a while in case a notice is lost. Each cache holds at most
/// <see cref="HitsOptions.TokenCacheSize"/> entries: a silo serving a million tokens keeps the ones hit lately, not all it ever saw.
/// A recipient it misses is read with the other misses of the moment (<see cref="RecipientFactsBatcher"/>), not through its grain.
/// </summary>
public sealed class HitLookups(IGrainFactory grains, RecipientFactsBatcher recipientFacts, TimeProvider time, IOptions<HitsOptions> options, MailTrackerMetrics metrics)
    : IHitCacheObserver
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private readonly BoundedCache<string, Cached<TokenFacts?>> _facts = new(options.Value.TokenCacheSize, HitCache.TokenFacts, metrics, StringComparer.Ordinal);
    private readonly BoundedCache<string, Cached<CustomImage?>> _images = new(options.Value.TokenCacheSize, HitCache.TokenImages, metrics, StringComparer.Ordinal);
    private readonly BoundedCache<long, Cached<IPNetwork[]>> _blacklists = new(options.Value.TokenCacheSize, HitCache.Blacklists, metrics);
    private readonly BoundedCache<string, Cached<RecipientFacts?>> _recipients = new(options.Value.TokenCacheSize, HitCache.Recipients, metrics, StringComparer.Ordinal);

    /// <summary>The caches' sizes now (facts, images, recipients, blacklists): each at most <see cref="HitsOptions.TokenCacheSize"/>.</summary>
    public (int Facts, int Images, int Recipients, int Blacklists) CachedEntries => (_facts.Count, _images.Count, _recipients.Count, _blacklists.Count);

    /// <summary>The token's facts (null: unknown or deleted); a grain call that takes longer than <paramref name="timeout"/> throws.</summary>
    public ValueTask<TokenFacts?> FactsAsync(string token, TimeSpan? timeout = null) =>
        TryFresh(_facts, token, out var facts) ? ValueTask.FromResult(facts) : LoadFactsAsync(token, timeout);

    /// <summary>
    /// The token's cached facts from its characters (a pixel's path without its image extension): a hit in the steady
    /// state makes no string of its token. False: not cached, or too old (then <see cref="FactsAsync"/> loads them).
    /// </summary>
    public bool TryCachedFacts(ReadOnlySpan<char> token, out TokenFacts? facts) =>
        // The ordinal comparer compares characters with strings: the look-up needs no key of its own.
        Fresh(_facts, _facts.TryGet(token, out var cached), cached, out facts);

    public ValueTask<CustomImage?> ImageAsync(string token) =>
        TryFresh(_images, token, out var image) ? ValueTask.FromResult(image) : LoadImageAsync(token);

    public ValueTask<IPNetwork[]> BlacklistAsync(long accountId) =>
        TryFresh(_blacklists, accountId, out var networks) ? ValueTask.FromResult(networks) : LoadBlacklistAsync(accountId);

    /// <summary>The recipient of a <c>?r=</c> token (null: none, unknown or deleted).</summary>
    public ValueTask<RecipientFacts?> RecipientAsync(string? token, TimeSpan? timeout = null)
    {
        if (!HitPolicy.IsRecipientToken(token)) return ValueTask.FromResult<RecipientFacts?>(null);
        return TryFresh(_recipients, token!, out var recipient) ? ValueTask.FromResult(recipient) : LoadRecipientAsync(token!, timeout);
    }

    /// <summary>The token's facts from its grain, past the cache (which the caller has just missed), and then cached.</summary>
    public async ValueTask<TokenFacts?> LoadFactsAsync(string token, TimeSpan? timeout = null) =>
        Keep(_facts, token, await Within(grains.GetGrain<ITokenGrain>(token).GetFactsAsync(), timeout));

    private async ValueTask<CustomImage?> LoadImageAsync(string token) =>
        Keep(_images, token, await grains.GetGrain<ITokenGrain>(token).GetImageAsync());

    private async ValueTask<IPNetwork[]> LoadBlacklistAsync(long accountId) =>
        Keep(_blacklists, accountId, Blacklist.Parse(await grains.GetGrain<IAccountGrain>(accountId).GetBlacklistAsync()));

    private async ValueTask<RecipientFacts?> LoadRecipientAsync(string token, TimeSpan? timeout) =>
        Keep(_recipients, token, await Within(recipientFacts.FactsAsync(token), timeout));

    private static Task<T> Within<T>(Task<T> call, TimeSpan? timeout) => timeout is { } limit ? call.WaitAsync(limit) : call;

    Task IHitCacheObserver.TokenChangedAsync(string token)
    {
        _facts.Remove(token);
        _images.Remove(token);
        _recipients.Remove(token);
        return Task.CompletedTask;
    }

    Task IHitCacheObserver.BlacklistChangedAsync(long accountId)
    {
        _blacklists.Remove(accountId);
        return Task.CompletedTask;
    }

    /// <summary>The cached value when there is one younger than <see cref="CacheLifetime"/>.</summary>
    private bool TryFresh<TKey, T>(BoundedCache<TKey, Cached<T>> cache, TKey key, out T value) where TKey : notnull =>
        Fresh(cache, cache.TryGet(key, out var cached), cached, out value);

    /// <summary>A look-up's outcome, counted: the cached value when <paramref name="present"/> and younger than <see cref="CacheLifetime"/>.</summary>
    private bool Fresh<TKey, T>(BoundedCache<TKey, Cached<T>> cache, bool present, Cached<T> cached, out T value) where TKey : notnull
    {
        var found = present && IsFresh(cached.Stamp);
        value = cached.Value;
        metrics.CacheLookedUp(cache.Name, found);
        return found;
    }

    private bool IsFresh(long stamp) => time.GetElapsedTime(stamp) <= CacheLifetime;

    private T Keep<TKey, T>(BoundedCache<TKey, Cached<T>> cache, TKey key, T value) where TKey : notnull
    {
        cache.Set(key, new Cached<T>(value, time.GetTimestamp()));
        return value;
    }

    private readonly record struct Cached<T>(T Value, long Stamp);
}
