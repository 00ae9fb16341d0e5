using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MailTracker.Api.Admin;
using MailTracker.Api.Http;
using MailTracker.Api.Messages;
using MailTracker.Api.Recipients;
using MailTracker.Api.Templates;
using MailTracker.Api.Webhooks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MailTracker.Api.Docs;

/// <summary>
/// Makes <c>required</c> say what the API really needs and sends. The generator marks every constructor parameter
/// required; but a request field is required only when it is marked <see cref="RequiredAttribute"/> (the others are
/// optional, with their <c>default</c>), and a response field that is left out when null is not always present.
/// </summary>
public sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        if (type.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || schema.Properties is null) return Task.CompletedTask;
        var required = new HashSet<string>(StringComparer.Ordinal);
        var isRequest = IsRequest(type.Type);
        foreach (var property in type.Properties)
        {
            var attributes = property.AttributeProvider;
            var omittedWhenNull = attributes?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).OfType<JsonIgnoreAttribute>()
                .Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true;
            var present = isRequest ? attributes?.IsDefined(typeof(RequiredAttribute), true) == true : !omittedWhenNull;
            if (present && schema.Properties.ContainsKey(property.Name)) required.Add(property.Name);
        }
        schema.Required = required;

        if (type.Type == typeof(CreateRecipientsRequest))
        {
            // Exactly one of the two lists (a null one counts as absent): each branch asks for its list as an array.
            schema.OneOf = [Branch("emails"), Branch("recipients")];
        }
        if (type.Type == typeof(UpdateWebhookRequest) && schema.Properties.ContainsKey("mailTrackingId"))
        {
            // A JsonElement on the wire: a mail tracking id filters by it, null removes the filter, absent leaves it.
            schema.Properties["mailTrackingId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer | JsonSchemaType.Null,
                Format = "int64",
                Description = "A mail tracking id filters by it, null removes the filter, absent leaves it as it is.",
            };
        }
        if ((type.Type == typeof(RenderTemplateRequest) || type.Type == typeof(SendEmailRequest)) && schema.Properties.ContainsKey("variables"))
        {
            // A JsonElement on the wire, read by TemplateVariables: names to strings, numbers or booleans (null: not given).
            schema.Properties["variables"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean | JsonSchemaType.Null },
                MaxProperties = TemplateVariables.MaxVariables,
                Description = "Variable names to values (strings, numbers or booleans; null counts as not given). Every variable the template uses must be given.",
            };
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Branch(string list) => new()
    {
        Required = new HashSet<string> { list },
        Properties = new Dictionary<string, IOpenApiSchema> { [list] = new OpenApiSchema { Type = JsonSchemaType.Array } },
    };

    /// <summary>Request bodies: the validated ones, and the two whose checks live in their endpoint.</summary>
    private static bool IsRequest(Type type) =>
        typeof(IValidatable).IsAssignableFrom(type) || type == typeof(RecipientEntry) || type == typeof(CreateAccountRequest);
}
