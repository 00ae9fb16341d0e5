using System.Globalization;
using MailTracker.Api.Admin;
using MailTracker.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MailTracker.Api.Docs;

/// <summary>
/// What every operation of the document has in common, in one place instead of on each endpoint: its security
/// requirement, the error answers any operation of its shape can give (with the error envelope's schema), the rate
/// limit headers, the <c>Idempotency-Key</c> header of POSTs, and the descriptions and examples of
/// <see cref="DocsAnnotations"/>. Endpoints declare only their own errors (e.g. a 403 quota) with <c>Produces</c>.
/// </summary>
public sealed class ContractOperationTransformer(DocsAnnotations annotations) : IOpenApiOperationTransformer
{
    public const string ErrorSchema = "ErrorEnvelope";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string RetryAfterHeader = "Retry-After";
    public static readonly string[] RateLimitHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

    private const string Json = "application/json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
        var integrator = policies.Contains(ApiKeyAuthenticationHandler.Policy);
        var admin = policies.Contains(AdminAuthenticationHandler.Policy);
        if (!integrator && !admin) return Task.CompletedTask;

        operation.Security = integrator
            ? [Requirement(ApiKeySecurity.QueryScheme, document), Requirement(ApiKeySecurity.BearerScheme, document)]
            : [Requirement(ApiKeySecurity.AdminScheme, document)];

        var post = string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase);
        var body = operation.RequestBody as OpenApiRequestBody;
        if (body?.Content is { } content && content.ContainsKey(Json)) body.Required = true; // an absent JSON body is a 400
        operation.Responses ??= [];
        // Any request can be malformed (a bad query value, a header that does not parse), lack its credentials, send a
        // body over the size limit (even where none is expected), or meet a silo that just died (503 until the cluster
        // has moved its grains).
        var errors = new SortedSet<int> { 400, 401, 413, 503 };
        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true) errors.Add(404);
        if (body is not null) errors.Add(415);
        if (integrator)
        {
            errors.Add(429);
            if (post) errors.Add(409); // an Idempotency-Key reused with another body
        }
        foreach (var status in operation.Responses.Keys.Select(k => int.TryParse(k, CultureInfo.InvariantCulture, out var s) ? s : 0).Where(s => s >= 400))
        {
            errors.Add(status);
        }
        foreach (var status in errors) operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = Error(status, document);

        if (integrator)
        {
            foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                foreach (var header in RateLimitHeaders) response.Headers[header] = new OpenApiHeaderReference(header, document);
            }
            if (post)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameterReference(IdempotencyKeyHeader, document));
            }
        }
        Annotate(operation, body);
        return Task.CompletedTask;
    }

    private OpenApiResponse Error(int status, OpenApiDocument document)
    {
        var error = annotations.Errors.TryGetValue(status, out var known)
            ? known
            : throw new InvalidOperationException($"Data/openapi-annotations.json describes no error {status}.");
        var response = new OpenApiResponse
        {
            Description = error.Description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [Json] = new() { Schema = new OpenApiSchemaReference(ErrorSchema, document), Example = error.Example(status) },
            },
        };
        if (status is 429 or 503)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader> { [RetryAfterHeader] = new OpenApiHeaderReference(RetryAfterHeader, document) };
        }
        return response;
    }

    private void Annotate(OpenApiOperation operation, OpenApiRequestBody? body)
    {
        if (operation.OperationId is null || !annotations.Operations.TryGetValue(operation.OperationId, out var annotation)) return;
        if (annotation.Description is { } description) operation.Description = description;
        if (annotation.Request is { } request && body?.Content?.TryGetValue(Json, out var requestType) == true)
        {
            requestType.Example = request.DeepClone();
        }
        if (annotation.Response is { } example)
        {
            var success = operation.Responses!.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).FirstOrDefault();
            if (success?.Content?.TryGetValue(Json, out var responseType) == true) responseType.Example = example.DeepClone();
        }
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
