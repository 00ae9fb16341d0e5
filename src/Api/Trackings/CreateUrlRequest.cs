using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Api.Http;

namespace MailTracker.Api.Trackings;

public sealed record CreateUrlRequest([property: Required, Description("An absolute http or https URL, at most 2048 characters.")] string? Url) : IValidatable
{
    public const int MaxLength = 2048;

    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Url)) return "url is required: an absolute http or https URL.";
        if (Url.Length > MaxLength) return $"url must be at most {MaxLength} characters.";
        // Absolute http(s) only, with a host: no javascript:, data:, protocol-relative //host or bare paths.
        if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !Url.Trim().StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return "url must be an absolute http or https URL, e.g. https://example.com/page.";
        }
        return null;
    }
}
