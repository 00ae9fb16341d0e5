namespace MailTracker.Hits;

/// <summary>The stable codes of <see cref="BotVerdict.Reason"/>: what clients filter on, so never renamed.</summary>
public static class BotReasons
{
    public const string AppleMpp = "apple-mpp";
    public const string MailPrefetch = "mail-prefetch";
    public const string SecurityScanner = "security-scanner";
    public const string LinkPreview = "link-preview";
    public const string HttpLibrary = "http-library";
    public const string HeadlessBrowser = "headless-browser";
    public const string Crawler = "crawler";
    public const string HeadRequest = "head-request";
    public const string TooSoonAfterSend = "too-soon-after-send";
    public const string EmptyUserAgent = "empty-user-agent";

    public static IReadOnlyList<string> All { get; } =
        [AppleMpp, MailPrefetch, SecurityScanner, LinkPreview, HttpLibrary, HeadlessBrowser, Crawler, HeadRequest, TooSoonAfterSend, EmptyUserAgent];
}
