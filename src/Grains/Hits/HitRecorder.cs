using System.Collections.Concurrent;
using System.Net;
using MailTracker.Accounts;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Trackings;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The hot path of every pixel and link hit. Token facts and blacklists are cached per silo; a change
/// anywhere in the cluster drops the entry on every silo through <see cref="IHitCacheHubGrain"/>, and the
/// entries expire anyway after a while in case a notice is lost. A hit therefore costs no grain call in
/// the steady state: only the group commit of the log.
/// </summary>
public sealed class HitRecorder(IGrainFactory grains, IHitLog log, TimeProvider time) : IHitRecorder, IHitCacheObserver
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a hit waits for an uncached token's grain. A call to a grain on a silo that just died can hang
    /// until the cluster declares it dead; the hit is then logged unresolved instead of waiting or being lost.
    /// </summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Cached<TokenFacts?>> _facts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached<CustomImage?>> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Cached<IPNetwork[]>> _blacklists = new();
    private readonly ConcurrentDictionary<string, Cached<RecipientFacts?>> _recipients = new(StringComparer.Ordinal);

    public async ValueTask<TokenFacts?> ResolveAsync(string token, HitKind kind)
    {
        // A malformed token can never exist: answer without activating a grain for it.
        if (!IsWellFormed(token, kind)) return null;
        if (!TryFresh(_facts, token, out var resolved))
        {
            try
            {
                resolved = Keep(_facts, token, await grains.GetGrain<ITokenGrain>(token).GetFactsAsync().WaitAsync(ResolveTimeout));
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                throw new TokenUnavailableException(token, e);
            }
        }
        return resolved is { } facts && facts.Kind == kind ? facts : null;
    }

    public async ValueTask<CustomImage?> GetImageAsync(string token)
    {
        return TryFresh(_images, token, out var image) ? image : Keep(_images, token, await grains.GetGrain<ITokenGrain>(token).GetImageAsync());
    }

    public Task RecordAsync(TokenFacts facts, HitRequest request)
    {
        // From the caches (the steady state) both look-ups complete at once, and the caller awaits the commit directly
        // instead of a state machine of this method's own.
        var ip = HitShaper.Normalize(request.ClientIp);
        var blacklisted = ip is null ? new ValueTask<bool>(false) : IsBlacklistedAsync(facts.AccountId, ip);
        if (!blacklisted.IsCompletedSuccessfully) return RecordAfterBlacklistAsync(facts, request, ip, blacklisted);
        // Blacklisted hits are not even logged: they appear nowhere (and cost no recipient look-up).
        if (blacklisted.Result) return Task.CompletedTask;
        var recipient = ResolveRecipientAsync(request.RecipientToken);
        return recipient.IsCompletedSuccessfully ? AppendAsync(facts, request, ip, recipient.Result) : AppendAfterRecipientAsync(facts, request, ip, recipient);
    }

    private async Task RecordAfterBlacklistAsync(TokenFacts facts, HitRequest request, IPAddress? ip, ValueTask<bool> blacklisted)
    {
        if (!await blacklisted) await AppendAfterRecipientAsync(facts, request, ip, ResolveRecipientAsync(request.RecipientToken));
    }

    private async Task AppendAfterRecipientAsync(TokenFacts facts, HitRequest request, IPAddress? ip, ValueTask<RecipientFacts?> recipient) =>
        await AppendAsync(facts, request, ip, await recipient);

    private Task AppendAsync(TokenFacts facts, HitRequest request, IPAddress? ip, RecipientFacts? found)
    {
        var now = time.GetUtcNow();
        // A recipient token counts only for its own mail tracking: any other is ignored, as is an unknown one.
        var recipient = found is not null && found.TrackingId == facts.TrackingId && found.AccountId == facts.AccountId ? found : null;
        var bot = BotClassifier.IsBot(facts.Kind, request, recipient, now);
        return log.AppendAsync(HitShaper.Shape(facts, HitIds.Next(time), now, ip, request.UserAgent, request.CustomData, bot, recipient?.Id));
    }

    public Task RecordUnresolvedAsync(string token, HitKind kind, HitRequest request)
    {
        if (!IsWellFormed(token, kind)) return Task.CompletedTask;
        // Everything the request carried, until the tailer knows the privacy settings and applies them.
        var hit = new Hit(HitIds.Next(time), kind, 0, 0, 0, time.GetUtcNow(), HitShaper.Normalize(request.ClientIp)?.ToString(), null,
            request.UserAgent, HitShaper.CutCustomData(request.CustomData), null, BotClassifier.IsBot(kind, request)) { Token = token };
        return log.AppendAsync(hit);
    }

    /// <summary>
    /// The recipient of a <c>?r=</c> token (none without one), from this silo's cache. A recipient that cannot be read in time only
    /// costs the hit its attribution: the hit itself is still recorded.
    /// </summary>
    private async ValueTask<RecipientFacts?> ResolveRecipientAsync(string? token)
    {
        if (token is null || !IsWellFormed(token, TokenKind.Recipient)) return null;
        if (TryFresh(_recipients, token, out var recipient)) return recipient;
        try
        {
            return Keep(_recipients, token, await grains.GetGrain<IRecipientGrain>(token).GetFactsAsync().WaitAsync(ResolveTimeout));
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    public void ForgetToken(string token)
    {
        DropToken(token);
        _ = grains.GetGrain<IHitCacheHubGrain>(0).TokenChangedAsync(token);
    }

    public void ForgetBlacklist(long accountId)
    {
        _blacklists.TryRemove(accountId, out _);
        _ = grains.GetGrain<IHitCacheHubGrain>(0).BlacklistChangedAsync(accountId);
    }

    Task IHitCacheObserver.TokenChangedAsync(string token)
    {
        DropToken(token);
        return Task.CompletedTask;
    }

    Task IHitCacheObserver.BlacklistChangedAsync(long accountId)
    {
        _blacklists.TryRemove(accountId, out _);
        return Task.CompletedTask;
    }

    private void DropToken(string token)
    {
        _facts.TryRemove(token, out _);
        _images.TryRemove(token, out _);
        _recipients.TryRemove(token, out _);
    }

    public static bool IsWellFormed(string token, HitKind kind) => IsWellFormed(token, kind == HitKind.Open ? TokenKind.Pixel : TokenKind.Link);

    private static bool IsWellFormed(string token, TokenKind kind) =>
        token.Length == 1 + GrainKeys.RandomLength
        && token[0] == GrainKeys.Prefix(kind)
        && token.AsSpan(1).ContainsAnyExcept(Base62Chars) is false;

    private static readonly System.Buffers.SearchValues<char> Base62Chars =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private async ValueTask<bool> IsBlacklistedAsync(long accountId, IPAddress ip)
    {
        if (!TryFresh(_blacklists, accountId, out var networks))
        {
            var entries = await grains.GetGrain<IAccountGrain>(accountId).GetBlacklistAsync();
            networks = Keep(_blacklists, accountId, [.. entries.Select(Blacklist.Parse).OfType<IPNetwork>()]);
        }
        return Blacklist.Contains(networks, ip);
    }

    /// <summary>The cached value when there is one younger than <see cref="CacheLifetime"/>.</summary>
    private bool TryFresh<TKey, T>(ConcurrentDictionary<TKey, Cached<T>> cache, TKey key, out T value) where TKey : notnull
    {
        var found = cache.TryGetValue(key, out var cached) && time.GetElapsedTime(cached.Stamp) <= CacheLifetime;
        value = cached.Value;
        return found;
    }

    private T Keep<TKey, T>(ConcurrentDictionary<TKey, Cached<T>> cache, TKey key, T value) where TKey : notnull
    {
        cache[key] = new Cached<T>(value, time.GetTimestamp());
        return value;
    }

    private readonly record struct Cached<T>(T Value, long Stamp);
}

/// <summary>Blacklist entries: single IPv4/IPv6 addresses or CIDR ranges.</summary>
public static class Blacklist
{
    public static bool Contains(IPNetwork[] networks, IPAddress ip)
    {
        foreach (var network in networks)
        {
            if (network.Contains(ip)) return true;
        }
        return false;
    }

    public static IPNetwork? Parse(string entry)
    {
        entry = entry.Trim();
        if (IPNetwork.TryParse(entry, out var network)) return network;
        if (IPAddress.TryParse(entry, out var address))
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }
        return null;
    }
}

/// <summary>
/// A first request-time bot verdict: HEAD requests; for opens, mail providers' image proxies and prefetchers
/// (Apple Mail Privacy Protection, Gmail, Yahoo, Outlook); for clicks, link scanners and clicks too soon after
/// the recipient's mail was created to be a person's.
/// </summary>
public static class BotClassifier
{
    /// <summary>A person does not click a link within this long of the mail being sent; a scanner does.</summary>
    public static readonly TimeSpan ImpossibleClick = TimeSpan.FromSeconds(5);

    private static readonly string[] OpenAgents =
        ["GoogleImageProxy", "ggpht.com", "YahooMailProxy", "Yahoo! Slurp", "OutlookImageProxy", "Microsoft Office/", "bot", "crawler", "spider"];

    private static readonly string[] ClickAgents =
    [
        "Barracuda", "Mimecast", "Proofpoint", "SafeLinks", "Safe Links", "Symantec", "Trend Micro", "Forcepoint", "Sophos", "Cisco",
        "bot", "crawler", "spider", "python-requests", "curl/", "Go-http-client", "Java/", "HeadlessChrome",
    ];

    /// <summary>Apple's network, where Mail Privacy Protection fetches every image of a mail in advance.</summary>
    private static readonly IPNetwork AppleNetwork = IPNetwork.Parse("17.0.0.0/8");

    public static bool IsBot(HitKind kind, HitRequest request, RecipientFacts? recipient = null, DateTimeOffset? now = null)
    {
        if (request.IsHead) return true;
        if (kind == HitKind.Open)
        {
            // Apple's prefetcher presents a bare "Mozilla/5.0" from Apple's own addresses.
            if (HitShaper.Normalize(request.ClientIp) is { } ip && AppleNetwork.Contains(ip)) return true;
            if (request.UserAgent == "Mozilla/5.0") return true;
        }
        else if (recipient is not null && now is { } at && at - recipient.Created < ImpossibleClick)
        {
            return true;
        }
        var agent = request.UserAgent;
        if (string.IsNullOrEmpty(agent)) return kind == HitKind.Click;
        foreach (var marker in kind == HitKind.Open ? OpenAgents : ClickAgents)
        {
            if (agent.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}

/// <summary>
/// Wakes the partition tailers after commits: one one-way message per partition at most every
/// <see cref="MinInterval"/> (a tailer keeps reading for a while after a poke, so more would add nothing).
/// </summary>
public sealed class PartitionPoker(IGrainFactory grains, TimeProvider time) : IHitCommitSignal
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    private readonly IHitLogPartitionGrain?[] _tailers = new IHitLogPartitionGrain?[HitPartitions.Count];
    private readonly long[] _lastPoke = new long[HitPartitions.Count];

    public void Committed(IReadOnlyCollection<int> partitions)
    {
        var now = time.GetTimestamp();
        foreach (var partition in partitions)
        {
            var last = Volatile.Read(ref _lastPoke[partition]);
            if (last != 0 && time.GetElapsedTime(last, now) < MinInterval) continue;
            // Only the caller that moves the stamp pokes: concurrent commits do not poke twice.
            if (Interlocked.CompareExchange(ref _lastPoke[partition], now, last) != last) continue;
            var tailer = _tailers[partition] ??= grains.GetGrain<IHitLogPartitionGrain>(partition);
            _ = tailer.PokeAsync();
        }
    }
}
