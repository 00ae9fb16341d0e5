using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Auth;

public static class ApiKeyRoutes
{
    /// <summary>A group of integrator endpoints: API key required, tagged (Docs/ContractOperationTransformer documents the key).</summary>
    public static RouteGroupBuilder MapApiKeyGroup(this IEndpointRouteBuilder routes, string prefix, string tag) =>
        routes.MapGroup(prefix)
            .RequireAuthorization(ApiKeyAuthenticationHandler.Policy)
            .WithTags(tag);
}
