using System.Globalization;

namespace MailTracker.Tests.RateLimits;

/// <summary>A response's <c>X-RateLimit-*</c> headers, as a client reads them.</summary>
public sealed record RateLimitHeaders(int Limit, int Remaining, long Reset)
{
    public static RateLimitHeaders Of(HttpResponseMessage response) => new(
        int.Parse(Single(response, "X-RateLimit-Limit"), CultureInfo.InvariantCulture),
        int.Parse(Single(response, "X-RateLimit-Remaining"), CultureInfo.InvariantCulture),
        long.Parse(Single(response, "X-RateLimit-Reset"), CultureInfo.InvariantCulture));

    public static bool Present(HttpResponseMessage response) =>
        response.Headers.Contains("X-RateLimit-Limit") || response.Headers.Contains("X-RateLimit-Remaining") || response.Headers.Contains("X-RateLimit-Reset");

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(Assert.Single(response.Headers, h => h.Key == name).Value);
}
