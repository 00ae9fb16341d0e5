namespace MailTracker.Api;

/// <summary>The <c>MailTracker</c> configuration section (environment: <c>MailTracker__…</c>).</summary>
public sealed class MailTrackerOptions
{
    public const string Section = "MailTracker";

    /// <summary>Base of every generated pixel, link and page URL.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Bearer token of the operator API and the dashboard.</summary>
    public string AdminToken { get; set; } = "";

    /// <summary>Addresses whose X-Forwarded-For header is believed.</summary>
    public string TrustedProxies { get; set; } = "";
}
