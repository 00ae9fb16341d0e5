using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace MailTracker.Api.Docs;

/// <summary>
/// Names the API key in the OpenAPI document: a <c>key</c> query parameter (PastePixel) or an HTTP bearer token,
/// either one, on every operation of the groups it is applied to.
/// </summary>
public static class ApiKeySecurity
{
    public const string QueryScheme = "apiKey";
    public const string BearerScheme = "bearer";

    private static readonly Lock Gate = new();

    public static TBuilder WithApiKeySecurity<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer(static (operation, context, _) =>
        {
            var document = context.Document!;
            lock (Gate)
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes.TryAdd(QueryScheme, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Query,
                    Name = "key",
                    Description = "The API key as the `key` query parameter, as in `?key=<api key>`.",
                });
                document.Components.SecuritySchemes.TryAdd(BearerScheme, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The API key as `Authorization: Bearer <api key>`.",
                });
            }
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(QueryScheme, document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            return Task.CompletedTask;
        });
}
