using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Api.Docs;

public static class OpenApiSetup
{
    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, made to tell the truth by the contract transformers.</summary>
    public static IServiceCollection AddMailTrackerOpenApi(this IServiceCollection services)
    {
        var annotations = DocsAnnotations.Load();
        services.AddSingleton(annotations);
        return services.AddOpenApi(o =>
        {
            // The dashboard's own endpoints are not MailTracker's API.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("dashboard", StringComparison.OrdinalIgnoreCase) != true;
            // "EnvelopeOfAccount[]" is not a valid component name.
            o.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type)?.Replace("[]", "Array", StringComparison.Ordinal);
            o.AddSchemaTransformer<ContractSchemaTransformer>();
            o.AddOperationTransformer(new ContractOperationTransformer(annotations));
            o.AddDocumentTransformer(new ContractDocumentTransformer(annotations));
        });
    }
}
