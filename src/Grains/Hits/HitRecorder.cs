using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using MailTracker.Accounts;
using MailTracker.Hits;
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
    public const int MaxCustomDataLength = 255;
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Cached<TokenFacts?>> _facts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached<CustomImage?>> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Cached<IPNetwork[]>> _blacklists = new();

    public async ValueTask<TokenFacts?> ResolveAsync(string token, HitKind kind)
    {
        // A malformed token can never exist: answer without activating a grain for it.
        if (!IsWellFormed(token, kind)) return null;
        var now = time.GetTimestamp();
        if (!_facts.TryGetValue(token, out var cached) || cached.IsExpired(now, time))
        {
            cached = new Cached<TokenFacts?>(await grains.GetGrain<ITokenGrain>(token).GetFactsAsync(), now);
            _facts[token] = cached;
        }
        return cached.Value is { } facts && facts.Kind == kind ? facts : null;
    }

    public async ValueTask<CustomImage?> GetImageAsync(string token)
    {
        var now = time.GetTimestamp();
        if (!_images.TryGetValue(token, out var cached) || cached.IsExpired(now, time))
        {
            cached = new Cached<CustomImage?>(await grains.GetGrain<ITokenGrain>(token).GetImageAsync(), now);
            _images[token] = cached;
        }
        return cached.Value;
    }

    public async Task RecordAsync(TokenFacts facts, HitRequest request)
    {
        var ip = request.ClientIp is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : request.ClientIp;
        // Blacklisted hits are not even logged: they appear nowhere.
        if (ip is not null && await IsBlacklistedAsync(facts.AccountId, ip)) return;

        var privacy = facts.Privacy;
        var customData = request.CustomData is { Length: > MaxCustomDataLength } tooLong ? tooLong[..MaxCustomDataLength] : request.CustomData;
        var hit = new Hit(
            Guid.CreateVersion7(),
            facts.Kind,
            facts.EntityId,
            facts.TrackingId,
            facts.AccountId,
            privacy.TrackDateTimes ? time.GetUtcNow() : null,
            privacy.TrackIpAddresses ? ip?.ToString() : null,
            privacy.TrackIpAddresses && ip is not null ? HashIp(facts.IpSalt, ip) : null,
            privacy.TrackUserAgents ? request.UserAgent : null,
            string.IsNullOrEmpty(customData) ? null : customData,
            null,
            BotClassifier.IsBot(facts.Kind, request));
        await log.AppendAsync(hit);
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
    }

    /// <summary>Salted per account: equal IPs compare equal within one account and nowhere else.</summary>
    public static string HashIp(byte[] salt, IPAddress ip)
    {
        Span<byte> address = stackalloc byte[16];
        ip.TryWriteBytes(address, out var written);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(salt, address[..written], hash);
        return Convert.ToBase64String(hash[..18]);
    }

    public static bool IsWellFormed(string token, HitKind kind) =>
        token.Length == 1 + GrainKeys.RandomLength
        && token[0] == GrainKeys.Prefix(kind == HitKind.Open ? TokenKind.Pixel : TokenKind.Link)
        && token.AsSpan(1).ContainsAnyExcept(Base62Chars) is false;

    private static readonly System.Buffers.SearchValues<char> Base62Chars =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private async ValueTask<bool> IsBlacklistedAsync(long accountId, IPAddress ip)
    {
        var now = time.GetTimestamp();
        if (!_blacklists.TryGetValue(accountId, out var cached) || cached.IsExpired(now, time))
        {
            var entries = await grains.GetGrain<IAccountGrain>(accountId).GetBlacklistAsync();
            cached = new Cached<IPNetwork[]>([.. entries.Select(Blacklist.Parse).OfType<IPNetwork>()], now);
            _blacklists[accountId] = cached;
        }
        foreach (var network in cached.Value)
        {
            if (network.Contains(ip)) return true;
        }
        return false;
    }

    private readonly record struct Cached<T>(T Value, long Stamp)
    {
        public bool IsExpired(long now, TimeProvider time) => time.GetElapsedTime(Stamp, now) > CacheLifetime;
    }
}

/// <summary>Blacklist entries: single IPv4/IPv6 addresses or CIDR ranges.</summary>
public static class Blacklist
{
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

/// <summary>A first request-time bot verdict: HEAD requests, mail providers' image proxies, link scanners.</summary>
public static class BotClassifier
{
    private static readonly string[] OpenAgents = ["GoogleImageProxy", "ggpht.com", "YahooMailProxy", "Yahoo! Slurp", "OutlookImageProxy", "Microsoft Office/", "bot", "crawler", "spider"];
    private static readonly string[] ClickAgents = ["Barracuda", "Mimecast", "Proofpoint", "SafeLinks", "Safe Links", "Symantec", "Trend Micro", "bot", "crawler", "spider", "python-requests", "curl/", "Go-http-client", "Java/"];

    public static bool IsBot(HitKind kind, HitRequest request)
    {
        if (request.IsHead) return true;
        var agent = request.UserAgent;
        if (string.IsNullOrEmpty(agent)) return kind == HitKind.Click;
        foreach (var marker in kind == HitKind.Open ? OpenAgents : ClickAgents)
        {
            if (agent.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}

/// <summary>Wakes the partition tailers after each commit (one one-way message per partition and batch).</summary>
public sealed class PartitionPoker(IGrainFactory grains) : IHitCommitSignal
{
    public void Committed(IReadOnlyCollection<int> partitions)
    {
        foreach (var partition in partitions) _ = grains.GetGrain<IHitLogPartitionGrain>(partition).PokeAsync();
    }
}
