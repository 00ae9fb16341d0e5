using System.Net;
using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The bot verdict's rules: HEAD requests; for opens, mail providers' image proxies and prefetchers (Apple Mail Privacy
/// Protection, Gmail, Yahoo, Outlook); for clicks, link scanners and clicks too soon after the recipient's mail was created to
/// be a person's. Split in what the request alone shows and what needs the recipient, so that a hit logged before its token
/// could be resolved gets the same verdict once it is.
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

    /// <summary>The whole verdict of a request (without <paramref name="at"/>, what the request alone shows).</summary>
    public static bool IsBot(HitKind kind, HitRequest request, RecipientFacts? recipient = null, DateTimeOffset? at = null)
    {
        var requestBot = IsRequestBot(kind, request.IsHead, IpNetworks.Normalize(request.ClientIp), request.UserAgent);
        return at is { } time ? Verdict(requestBot, kind, recipient, time) : requestBot;
    }

    /// <summary>The verdict from what the request showed (<see cref="IsRequestBot"/>) and the recipient it came for.</summary>
    public static bool Verdict(bool requestBot, HitKind kind, RecipientFacts? recipient, DateTimeOffset at) =>
        requestBot || IsTooSoon(kind, recipient, at);

    /// <summary>What the request alone shows: its method, address and user agent.</summary>
    public static bool IsRequestBot(HitKind kind, bool isHead, IPAddress? ip, string? agent)
    {
        if (isHead) return true;
        if (kind == HitKind.Open)
        {
            // Apple's prefetcher presents a bare "Mozilla/5.0" from Apple's own addresses.
            if (ip is not null && AppleNetwork.Contains(ip)) return true;
            if (agent == "Mozilla/5.0") return true;
        }
        if (string.IsNullOrEmpty(agent)) return kind == HitKind.Click;
        foreach (var marker in kind == HitKind.Open ? OpenAgents : ClickAgents)
        {
            if (agent.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>What needs the recipient: a click within <see cref="ImpossibleClick"/> of its creation is a scanner's.</summary>
    private static bool IsTooSoon(HitKind kind, RecipientFacts? recipient, DateTimeOffset at) =>
        kind == HitKind.Click && recipient is not null && at - recipient.Created < ImpossibleClick;
}
