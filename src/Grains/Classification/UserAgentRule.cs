using System.Text.RegularExpressions;

namespace MailTracker.Grains.Classification;

/// <summary>A compiled <see cref="UserAgentRuleEntry"/>: it matches when every condition it has does.</summary>
public sealed class UserAgentRule
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex? agent;
    private readonly Regex? uapFamily;
    private readonly Regex? uapOs;
    private readonly Regex? uapDevice;
    private readonly string? os;

    public UserAgentRule(UserAgentRuleEntry entry)
    {
        agent = Compile(entry.Agent);
        uapFamily = Compile(entry.UapFamily);
        uapOs = Compile(entry.UapOs);
        uapDevice = Compile(entry.UapDevice);
        os = entry.Os;
        Name = entry.Name;
        Proxy = entry.Proxy;
    }

    public string? Name { get; }

    /// <summary>The agent is a mail provider's image proxy: it tells nothing of the reader's device or OS.</summary>
    public bool Proxy { get; }

    // The cheap conditions first: a uap-core family is matched only when a rule needs it.
    public bool Matches(string userAgent, UapCoreResult uap, string? osName) =>
        (os is null || os == osName)
        && Is(agent, userAgent) && Is(uapOs, uap.OsFamily) && Is(uapFamily, uap.UserAgentFamily) && Is(uapDevice, uap.DeviceFamily);

    private static bool Is(Regex? regex, string value)
    {
        if (regex is null) return true;
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex? Compile(string? pattern) =>
        pattern is null ? null : new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
}
