using Microsoft.Extensions.Options;

namespace MailTracker.Api.Http;

/// <summary>Every URL MailTracker hands out, from <c>MailTracker__PublicBaseUrl</c>.</summary>
public sealed class PublicUrls(IOptions<MailTrackerOptions> options)
{
    private string Base => options.Value.PublicBaseUrl;

    public string MailTracking(long id) => $"{Base}/tracking/{id}";

    public string Pixel(string token) => $"{Base}/image/{PixelToken(token)}";

    public string Link(string token) => $"{Base}/url/{token}";

    public string Api(string pathAndQuery) => $"{Base}{pathAndQuery}";

    /// <summary>Pixel tokens are shown with an image extension, as PastePixel does.</summary>
    public static string PixelToken(string token) => token + ".png";
}
