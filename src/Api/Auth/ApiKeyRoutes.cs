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

public static class ApiKeyRoutes
{
    /// <summary>A group of integrator endpoints: API key required, tagged and documented as such.</summary>
    public static RouteGroupBuilder MapApiKeyGroup(this IEndpointRouteBuilder routes, string prefix, string tag) =>
        routes.MapGroup(prefix)
            .RequireAuthorization(ApiKeyAuthenticationHandler.Policy)
            .WithTags(tag)
            .WithApiKeySecurity();
}
