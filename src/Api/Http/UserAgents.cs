namespace MailTracker.Api.Http;

/// <summary>What a stored user agent says about the reader: email client, device and OS (null when it does not tell).</summary>
public static class UserAgents
{
    public sealed record Description(string? EmailClient, string? Device, string? Os);

    private static readonly Description Unknown = new(null, null, null);

    public static Description Describe(string? agent)
    {
        if (string.IsNullOrEmpty(agent)) return Unknown;
        return new Description(EmailClient(agent), Device(agent), Os(agent));
    }

    private static string? EmailClient(string agent) =>
        Has(agent, "GoogleImageProxy") || Has(agent, "ggpht.com") ? "Gmail"
        : Has(agent, "YahooMailProxy") ? "Yahoo Mail"
        : Has(agent, "Microsoft Outlook") || Has(agent, "ms-office") || Has(agent, "Microsoft Office/") || Has(agent, "OutlookImageProxy") ? "Outlook"
        : Has(agent, "Thunderbird") ? "Thunderbird"
        : agent == "Mozilla/5.0" ? "Apple Mail"
        // Apple Mail loads images in a bare WebKit view: no browser name in its user agent.
        : Has(agent, "AppleWebKit") && !Has(agent, "Safari") && !Has(agent, "Chrome") ? "Apple Mail"
        : Has(agent, "Edg/") ? "Edge"
        : Has(agent, "Chrome/") ? "Chrome"
        : Has(agent, "Firefox/") ? "Firefox"
        : Has(agent, "Safari/") ? "Safari"
        : null;

    private static string? Device(string agent) =>
        Has(agent, "iPhone") ? "iPhone"
        : Has(agent, "iPad") ? "iPad"
        : Has(agent, "Android") ? (Has(agent, "Mobile") ? "Android phone" : "Android tablet")
        : Has(agent, "Windows") || Has(agent, "Macintosh") || Has(agent, "X11") || Has(agent, "Linux") ? "Desktop"
        : null;

    private static string? Os(string agent) =>
        Has(agent, "iPhone") || Has(agent, "iPad") ? "iOS"
        : Has(agent, "Android") ? "Android"
        : Has(agent, "Windows") ? "Windows"
        : Has(agent, "Macintosh") || Has(agent, "Mac OS X") ? "macOS"
        : Has(agent, "Linux") || Has(agent, "X11") ? "Linux"
        : null;

    private static bool Has(string agent, string marker) => agent.Contains(marker, StringComparison.OrdinalIgnoreCase);
}
