using BitFaster.Caching.Lru;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Classification;

/// <summary>
/// Describes a user agent (<see cref="UserAgentDescription"/>) from maintained data: uap-core's regexes for the OS and
/// device families, MailTracker's mail-client rules (mail-clients.yaml) and its device vocabulary (devices.yaml), all
/// embedded. Descriptions are cached per agent in a bounded cache: agents are chosen by whoever fetches a pixel.
/// </summary>
public sealed class UserAgentDescriber
{
    public const int DefaultCacheCapacity = 10_000;

    /// <summary>Longer agents are described from their start: no real agent is this long, and it bounds the cache's keys.</summary>
    public const int MaxAgentLength = 1_000;

    private readonly UapCoreParser uapCore;
    private readonly IReadOnlyList<UserAgentRule> clients;
    private readonly IReadOnlyList<UserAgentRule> oses;
    private readonly IReadOnlyList<UserAgentRule> devices;
    private readonly ConcurrentLru<string, UserAgentDescription> cache;

    public UserAgentDescriber(ILogger<UserAgentDescriber> logger, int cacheCapacity = DefaultCacheCapacity)
    {
        uapCore = new UapCoreParser(ClassificationData.Read<UapCoreFile>(ClassificationData.UapCoreRegexes, ignoreUnmatched: true));
        if (uapCore.Skipped.Count > 0)
        {
            logger.LogWarning("uap-core: {Skipped} regexes that .NET cannot compile are skipped: {Regexes}",
                uapCore.Skipped.Count, string.Join(" | ", uapCore.Skipped));
        }
        clients = [.. ClassificationData.Read<MailClientsFile>(ClassificationData.MailClients).Clients.Select(e => new UserAgentRule(e))];
        var vocabulary = ClassificationData.Read<DeviceVocabularyFile>(ClassificationData.Devices);
        oses = [.. vocabulary.Os.Select(e => new UserAgentRule(e))];
        devices = [.. vocabulary.Devices.Select(e => new UserAgentRule(e))];
        cache = new ConcurrentLru<string, UserAgentDescription>(cacheCapacity);
    }

    /// <summary>How many described agents the cache holds (at most the capacity).</summary>
    public int CachedAgents => cache.Count;

    public UserAgentDescription Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return UserAgentDescription.Unknown;
        var agent = userAgent.Length > MaxAgentLength ? userAgent[..MaxAgentLength] : userAgent;
        return cache.GetOrAdd(agent, Read);
    }

    private UserAgentDescription Read(string agent)
    {
        var uap = uapCore.Parse(agent);
        var os = First(oses, agent, uap, null)?.Name;
        var client = First(clients, agent, uap, os);
        if (client is { Proxy: true }) return new UserAgentDescription(client.Name, null, null);
        return new UserAgentDescription(client?.Name, First(devices, agent, uap, os)?.Name, os);
    }

    private static UserAgentRule? First(IReadOnlyList<UserAgentRule> rules, string agent, UapCoreResult uap, string? os) =>
        rules.FirstOrDefault(r => r.Matches(agent, uap, os));
}
