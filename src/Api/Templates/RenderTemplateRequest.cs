using System.ComponentModel;
using System.Text.Json;
using MailTracker.Api.Http;

namespace MailTracker.Api.Templates;

/// <summary>The variables to render a template with (TrackPost's preview).</summary>
public sealed record RenderTemplateRequest(
    [property: Description("Variable names to values (strings, numbers or booleans); every variable the template uses must be given.")] JsonElement Variables) : IValidatable
{
    public string? Validate() => TemplateVariables.ShapeProblem(Variables);
}
