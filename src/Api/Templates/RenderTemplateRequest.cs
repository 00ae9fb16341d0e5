using System.Text.Json;
using MailTracker.Api.Http;

namespace MailTracker.Api.Templates;

/// <summary>The variables to render a template with (TrackPost's preview).</summary>
// ContractSchemaTransformer describes Variables' shape in the OpenAPI document (a JsonElement says nothing there).
public sealed record RenderTemplateRequest(JsonElement Variables) : IValidatable
{
    public string? Validate() => TemplateVariables.ShapeProblem(Variables);
}
