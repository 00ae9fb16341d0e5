using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using MailTracker.Accounts;
using MailTracker.Api.Docs;
using MailTracker.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailTracker.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The account of the authenticated API key.</summary>
    public static long AccountId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.AccountClaim)!, CultureInfo.InvariantCulture);
}
