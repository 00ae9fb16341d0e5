using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MailTracker.Api.Docs;

/// <summary>
/// The document's own parts: its title, its servers (without the trailing slash the generator gives them), the tags'
/// descriptions, and the components that <see cref="ContractOperationTransformer"/> refers to: the security schemes,
/// the rate limit and <c>Retry-After</c> headers and the <c>Idempotency-Key</c> parameter.
/// </summary>
public sealed class ContractDocumentTransformer(DocsAnnotations annotations) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "MailTracker API";
        document.Info.Description = "Email open and click tracking; /api/v1 is wire-compatible with PastePixel's API v1. "
            + "Every /api/v1 answer carries the API key's rate limit in X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset; "
            + "every error is the envelope {success: false, msg, error: {code, status}}.";
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && annotations.Tags.TryGetValue(name, out var description)) tag.Description = description;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeySecurity.QueryScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = "key",
            Description = "The API key as the `key` query parameter, as in `?key=<api key>`.",
        };
        document.Components.SecuritySchemes[ApiKeySecurity.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The API key as `Authorization: Bearer <api key>`.",
        };
        document.Components.SecuritySchemes[ApiKeySecurity.AdminScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The operator's admin token (MailTracker__AdminToken) as `Authorization: Bearer <admin token>`.",
        };

        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        document.Components.Headers["X-RateLimit-Limit"] = Header("The requests the API key may make in the current window.", JsonSchemaType.Integer);
        document.Components.Headers["X-RateLimit-Remaining"] = Header("The requests left in the current window.", JsonSchemaType.Integer);
        document.Components.Headers["X-RateLimit-Reset"] = Header("When the current window ends, in Unix seconds (TrackPost).", JsonSchemaType.Integer);
        document.Components.Headers[ContractOperationTransformer.RetryAfterHeader] = Header("The seconds to wait before the next request.", JsonSchemaType.Integer);

        document.Components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        document.Components.Parameters[ContractOperationTransformer.IdempotencyKeyHeader] = new OpenApiParameter
        {
            Name = ContractOperationTransformer.IdempotencyKeyHeader,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes the POST safe to retry: the same key and body within 24 hours return the first answer again without doing the work twice; "
                + "the same key with another body is a 409. Keys are per account.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
        };
        return Task.CompletedTask;
    }

    private static OpenApiHeader Header(string description, JsonSchemaType type) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };
}
