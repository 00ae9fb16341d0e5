using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace MailTracker.Api.Docs;

public static class DocsEndpoints
{
    /// <summary>The interactive API reference at <c>/docs</c>, over the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder routes) =>
        routes.MapScalarApiReference("/docs", options => options
            .WithTitle("MailTracker API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
}
