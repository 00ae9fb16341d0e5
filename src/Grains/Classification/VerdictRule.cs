using System.Text.RegularExpressions;
using MailTracker.Hits;

namespace MailTracker.Grains.Classification;

/// <summary>One compiled classification rule: it decides a hit when every condition it has holds.</summary>
public sealed class VerdictRule
{
    private readonly bool _opens;
    private readonly bool _clicks;
    private readonly bool _headOnly;
    private readonly bool? _emptyAgent;
    private readonly string? _agentEquals;
    private readonly Regex? _agentPattern;
    private readonly AddressRangeSet? _addresses;

    public VerdictRule(RuleDocument rule, Func<string, AddressRangeSet> addressList)
    {
        Id = Required(rule.Id, "id", "?");
        Source = Required(rule.Source, "source", Id);
        var kinds = rule.Kinds ?? ["open", "click"];
        if (kinds.Count == 0 || kinds.Any(k => k is not ("open" or "click"))) throw Invalid(Id, "kinds must be \"open\" and/or \"click\"");
        _opens = kinds.Contains("open");
        _clicks = kinds.Contains("click");
        _headOnly = rule.Method switch
        {
            null => false,
            var m when m.Equals("HEAD", StringComparison.OrdinalIgnoreCase) => true,
            _ => throw Invalid(Id, "method can only be \"HEAD\""),
        };
        if (rule.UserAgent is { } agent)
        {
            if ((agent.Empty is not null ? 1 : 0) + (agent.EqualsText is not null ? 1 : 0) + (agent.Pattern is not null ? 1 : 0) != 1)
            {
                throw Invalid(Id, "userAgent needs exactly one of empty, equals, pattern");
            }
            _emptyAgent = agent.Empty;
            _agentEquals = agent.EqualsText;
            try
            {
                _agentPattern = agent.Pattern is { } pattern ? Compile(pattern) : null;
            }
            catch (ArgumentException e)
            {
                throw Invalid(Id, $"userAgent.pattern does not compile: {e.Message}");
            }
        }
        if (rule.Addresses is not null && rule.AddressList is not null) throw Invalid(Id, "give addresses or addressList, not both");
        if (rule.Addresses is { } addresses)
        {
            _addresses = AddressRangeSet.Of(addresses.Select(a => IpNetworks.TryParse(a, out var n) ? n : throw Invalid(Id, $"\"{a}\" is not an address or CIDR range")));
        }
        else if (rule.AddressList is { } list)
        {
            _addresses = addressList(list);
        }
        Outcome = rule.Verdict switch
        {
            "bot" when rule.Reason is { } reason && BotReasons.All.Contains(reason) && rule.Proxy is null => new BotVerdict(true, reason, null, null),
            "bot" => throw Invalid(Id, $"a bot verdict needs a reason, one of {string.Join(", ", BotReasons.All)}, and no proxy"),
            "human" when rule.Reason is null => new BotVerdict(false, null, rule.Proxy, null),
            _ => throw Invalid(Id, "verdict must be \"bot\" (with a reason) or \"human\" (with an optional proxy)"),
        };
    }

    public string Id { get; }

    public string Source { get; }

    /// <summary>The verdict this rule gives, without a rules version (the classifier adds its own).</summary>
    public BotVerdict Outcome { get; }

    public bool HasAgentCondition => _emptyAgent is not null || _agentEquals is not null || _agentPattern is not null;

    public bool HasAddressCondition => _addresses is not null;

    /// <summary>The user-agent condition alone (true when the rule has none); what the classifier caches per agent.</summary>
    public bool MatchesAgent(string? agent) =>
        _emptyAgent is { } empty ? string.IsNullOrEmpty(agent) == empty
        : _agentEquals is { } text ? string.Equals(agent, text, StringComparison.Ordinal)
        : _agentPattern is null || (!string.IsNullOrEmpty(agent) && Matches(_agentPattern, agent));

    /// <summary>Every condition but the user agent's; the address as <see cref="AddressRangeSet.Value"/> gives it (worked out once per hit).</summary>
    public bool MatchesRequest(HitKind kind, bool isHead, UInt128? address) =>
        (kind == HitKind.Open ? _opens : _clicks)
        && (!_headOnly || isHead)
        && (_addresses is null || (address is { } value && _addresses.Contains(value)));

    /// <summary>
    /// Linear-time matching where the pattern allows it (agents are chosen by whoever fetches a pixel); a pattern that needs
    /// backtracking (a lookbehind) gets a time limit instead.
    /// </summary>
    private static Regex Compile(string pattern)
    {
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, options | RegexOptions.Compiled, TimeSpan.FromMilliseconds(250));
        }
    }

    private static bool Matches(Regex pattern, string agent)
    {
        try
        {
            return pattern.IsMatch(agent);
        }
        catch (RegexMatchTimeoutException)
        {
            // Only a pattern with a lookbehind can run this long; a busy machine must not turn a person into a bot.
            return false;
        }
    }

    private static string Required(string? value, string field, string rule) =>
        string.IsNullOrWhiteSpace(value) ? throw Invalid(rule, $"{field} is required") : value;

    private static InvalidDataException Invalid(string rule, string problem) => new($"Classification rule \"{rule}\": {problem}.");
}
