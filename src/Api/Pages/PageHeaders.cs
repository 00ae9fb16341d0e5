using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.Pages;

/// <summary>
/// The headers of every tracking page response: the page loads scripts, styles, images and its live channel from this
/// server only, runs no inline script, sends a referrer to itself only (a link target never learns the page's address), and is kept
/// in no cache.
/// </summary>
public static class PageHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
    }
}
