using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace MailTracker.Grains.Messages;

/// <summary>Which links of a message are tracked: absolute http and https targets of its HTML's anchors and of its text.</summary>
public static class EmailLinks
{
    /// <summary>Where a recipient's unsubscribe URL goes in a message (never tracked).</summary>
    public const string UnsubscribePlaceholder = "{{unsubscribe_url}}";

    /// <summary>Characters that end a sentence around a URL in plain text rather than belong to it.</summary>
    private static readonly char[] TrailingPunctuation = ['.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '\''];

    /// <summary>The distinct trackable targets in order of appearance: the HTML's anchors, then (when asked) the text's URLs.</summary>
    public static IReadOnlyList<string> Find(string? html, string? text, bool includeText)
    {
        var found = new List<string>();
        if (html is not null)
        {
            var document = new HtmlParser().ParseDocument(html);
            found.AddRange(document.QuerySelectorAll("a[href]").OfType<IHtmlAnchorElement>()
                .Select(a => a.GetAttribute("href")!.Trim()).Where(IsTrackable));
        }
        if (includeText && text is not null) found.AddRange(InText(text).Select(t => t.Url));
        return [.. found.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Only absolute http and https URLs: mailto:, tel:, #anchors and relative ones stay as they are.</summary>
    public static bool IsTrackable(string href) =>
        Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The URLs of plain text, with where each starts.</summary>
    public static IEnumerable<(int Start, string Url)> InText(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var http = text.IndexOf("http", start, StringComparison.OrdinalIgnoreCase);
            if (http < 0) yield break;
            var end = http;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '<') end++;
            var candidate = text[http..end].TrimEnd(TrailingPunctuation);
            if (IsTrackable(candidate) && (candidate.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || candidate.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
            {
                yield return (http, candidate);
            }
            start = Math.Max(end, http + 4);
        }
    }
}
