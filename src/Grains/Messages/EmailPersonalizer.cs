using System.Text;
using AngleSharp;
using AngleSharp.Html.Parser;
using MailTracker.Messages;

namespace MailTracker.Grains.Messages;

/// <summary>
/// One recipient's copy of a message: its tracked links become that recipient's trackable URLs (<c>?r=</c> its token),
/// the pixel is added at the end of the body, and the unsubscribe placeholder becomes its one-click unsubscribe URL.
/// </summary>
public static class EmailPersonalizer
{
    public static string UnsubscribeUrl(EmailInfo email, EmailRecipient recipient) => $"{email.Draft.PublicBaseUrl}/unsubscribe/{recipient.Token}";

    public static string Personal(string url, EmailRecipient recipient) => $"{url}?r={recipient.Token}";

    public static string? Html(EmailInfo email, EmailRecipient recipient)
    {
        if (email.Draft.Html is not { } html) return null;
        var unsubscribe = UnsubscribeUrl(email, recipient);
        var links = email.Links.ToDictionary(l => l.OriginalUrl, l => l.TrackableUrl, StringComparer.Ordinal);
        var document = new HtmlParser().ParseDocument(html);
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            var href = anchor.GetAttribute("href")!.Trim();
            if (href == EmailLinks.UnsubscribePlaceholder) anchor.SetAttribute("href", unsubscribe);
            else if (email.Draft.TrackClicks && links.TryGetValue(href, out var trackable)) anchor.SetAttribute("href", Personal(trackable, recipient));
        }
        if (email.Draft.TrackOpens && email.PixelUrl is { } pixel && document.Body is { } body)
        {
            var image = document.CreateElement("img");
            image.SetAttribute("src", Personal(pixel, recipient));
            image.SetAttribute("width", "1");
            image.SetAttribute("height", "1");
            image.SetAttribute("alt", "");
            image.SetAttribute("style", "display:block;border:0;width:1px;height:1px");
            body.AppendChild(image);
        }
        return document.ToHtml();
    }

    public static string? Text(EmailInfo email, EmailRecipient recipient)
    {
        if (email.Draft.Text is not { } text) return null;
        text = text.Replace(EmailLinks.UnsubscribePlaceholder, UnsubscribeUrl(email, recipient), StringComparison.Ordinal);
        if (!email.Draft.TrackClicks) return text;
        var links = email.Links.ToDictionary(l => l.OriginalUrl, l => l.TrackableUrl, StringComparer.Ordinal);
        var result = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (start, url) in EmailLinks.InText(text))
        {
            if (!links.TryGetValue(url, out var trackable)) continue;
            result.Append(text, copied, start - copied).Append(Personal(trackable, recipient));
            copied = start + url.Length;
        }
        return result.Append(text, copied, text.Length - copied).ToString();
    }
}
