using BitFaster.Caching.Lru;
using System.Net;
using MailTracker.Hits;

namespace MailTracker.Grains.Classification;

/// <summary>
/// Judges a hit by the classification rules: the first rule whose conditions all hold decides, none makes it a person's; then a
/// person's hit sooner after the send than a person can open or click is a bot's. Which rules' user-agent conditions an agent
/// meets is cached per agent (a newsletter's opens share a few hundred agents), so a hit costs a look-up and a loop, no regex.
/// </summary>
public sealed class HitClassifier(ClassificationRules rules)
{
    /// <summary>Bounds the cache against agents made up per request (the least recently seen go first).</summary>
    private const int MaxCachedAgents = 10_000;

    private readonly ConcurrentLru<string, bool[]> _agents = new(MaxCachedAgents);

    /// <summary>What the rules ask of an absent agent, worked out once.</summary>
    private readonly bool[] _noAgent = Match(rules, null);

    public string RulesVersion => rules.Version;

    /// <summary>How many agents' rule matches are cached now (bounded by 10,000).</summary>
    public int CachedAgents => _agents.Count;

    /// <summary>What the request alone shows: its kind, method, address and user agent.</summary>
    public BotVerdict Judge(HitKind kind, bool isHead, IPAddress? ip, string? agent) => Judge(kind, isHead, ip, agent, agentKnown: true, addressKnown: true);

    /// <summary>
    /// The same, leaving out the rules that need what is not known: a stored hit of a tracking that keeps no user agents
    /// (<paramref name="agentKnown"/> false) or no addresses is judged by the rules that remain.
    /// </summary>
    public BotVerdict Judge(HitKind kind, bool isHead, IPAddress? ip, string? agent, bool agentKnown, bool addressKnown)
    {
        // A static factory with its argument: a lambda capturing the rules would be a new delegate on every hit.
        var matches = string.IsNullOrEmpty(agent) ? _noAgent : _agents.GetOrAdd(agent, static (a, r) => Match(r, a), rules);
        var address = ip is null ? (UInt128?)null : AddressRangeSet.Value(ip);
        var list = rules.Rules;
        for (var i = 0; i < list.Count; i++)
        {
            var rule = list[i];
            if (!matches[i] || !rule.MatchesRequest(kind, isHead, address)) continue;
            if ((!agentKnown && rule.HasAgentCondition) || (!addressKnown && rule.HasAddressCondition)) continue;
            return rule.Outcome with { RulesVersion = rules.Version };
        }
        return BotVerdict.Human(rules.Version);
    }

    /// <summary>
    /// The verdict once the send time is known (the recipient's creation; none: the request's verdict stands): a person's hit
    /// within the rules' thresholds of it is a bot's.
    /// </summary>
    public BotVerdict AfterSend(BotVerdict request, HitKind kind, DateTimeOffset? sent, DateTimeOffset at)
    {
        if (request.Bot || sent is not { } since) return request;
        var tooSoon = kind == HitKind.Open ? rules.OpenTooSoon : rules.ClickTooSoon;
        return at - since < tooSoon ? BotVerdict.BotBecause(BotReasons.TooSoonAfterSend, request.RulesVersion ?? rules.Version) : request;
    }

    private static bool[] Match(ClassificationRules rules, string? agent)
    {
        var list = rules.Rules;
        var matches = new bool[list.Count];
        for (var i = 0; i < list.Count; i++) matches[i] = list[i].MatchesAgent(agent);
        return matches;
    }
}
