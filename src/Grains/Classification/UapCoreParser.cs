using System.Text.RegularExpressions;

namespace MailTracker.Grains.Classification;

/// <summary>
/// uap-core's matching (docs/specification.md of github.com/ua-parser/uap-core): each of the three lists is tried in order and
/// its first matching regex gives the family ("Other" when none matches); regexes are case-sensitive unless
/// <c>regex_flag: 'i'</c>. A regex .NET cannot compile is skipped and counted in <see cref="Skipped"/>.
/// </summary>
public sealed class UapCoreParser
{
    private const string Other = "Other";

    // uap-core's regexes bound their repetitions; the timeout still stops a pathological agent from holding a thread.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<UapCoreRule> userAgents;
    private readonly IReadOnlyList<UapCoreRule> oses;
    private readonly IReadOnlyList<UapCoreRule> devices;

    public UapCoreParser(UapCoreFile file)
    {
        var skipped = new List<string>();
        userAgents = Compile(file.UserAgentParsers, e => new(Regex(e), e.FamilyReplacement), skipped);
        oses = Compile(file.OsParsers, e => new(Regex(e), e.OsReplacement), skipped);
        devices = Compile(file.DeviceParsers, e => new(Regex(e), e.DeviceReplacement, e.BrandReplacement, e.ModelReplacement), skipped);
        Skipped = skipped;
    }

    /// <summary>The regexes that did not compile in .NET (left out of matching).</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>How many regexes take part in matching.</summary>
    public int Count => userAgents.Count + oses.Count + devices.Count;

    /// <summary>uap-core's reading of <paramref name="agent"/>; each list is matched only when its answer is first asked for.</summary>
    public UapCoreResult Parse(string agent) => new(this, agent);

    public string UserAgentFamily(string agent) => (First(userAgents, agent) is (var rule, var match) ? rule.Family(match) : null) ?? Other;

    public string OsFamily(string agent) => (First(oses, agent) is (var rule, var match) ? rule.Family(match) : null) ?? Other;

    public (string Family, string? Brand, string? Model) Device(string agent) =>
        First(devices, agent) is (var rule, var match) ? (rule.Family(match) ?? Other, rule.Brand(match), rule.Model(match)) : (Other, null, null);

    private static (UapCoreRule Rule, Match Match)? First(IReadOnlyList<UapCoreRule> rules, string agent)
    {
        foreach (var rule in rules)
        {
            Match match;
            try
            {
                match = rule.Match(agent);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }
            if (match.Success) return (rule, match);
        }
        return null;
    }

    private static Regex Regex(UapCoreEntry entry) => new(entry.Regex,
        RegexOptions.CultureInvariant | (entry.RegexFlag == "i" ? RegexOptions.IgnoreCase : RegexOptions.None), MatchTimeout);

    private static List<UapCoreRule> Compile(List<UapCoreEntry> entries, Func<UapCoreEntry, UapCoreRule> compile, List<string> skipped)
    {
        var rules = new List<UapCoreRule>(entries.Count);
        foreach (var entry in entries)
        {
            try
            {
                rules.Add(compile(entry));
            }
            catch (ArgumentException)
            {
                skipped.Add(entry.Regex);
            }
        }
        return rules;
    }
}
