using System.Globalization;
using System.Security.Claims;

namespace MailTracker.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The account of the authenticated API key.</summary>
    public static long AccountId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.AccountClaim)!, CultureInfo.InvariantCulture);

    /// <summary>The id of the authenticated API key.</summary>
    public static long KeyId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim)!, CultureInfo.InvariantCulture);

    /// <summary>The key's own requests per minute, null when the account's plan sets them.</summary>
    public static int? KeyRateLimit(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.RateLimitClaim) is { } limit ? int.Parse(limit, CultureInfo.InvariantCulture) : null;

    /// <summary>A <c>mt_test_…</c> key: its messages go through everything but the SMTP step.</summary>
    public static bool IsTestKey(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.EnvironmentClaim) == "test";
}
