using System.Globalization;
using System.Security.Claims;

namespace MailTracker.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The account of the authenticated API key.</summary>
    public static long AccountId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.AccountClaim)!, CultureInfo.InvariantCulture);
}
