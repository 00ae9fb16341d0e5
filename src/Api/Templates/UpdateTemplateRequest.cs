using MailTracker.Api.Http;
using MailTracker.Templates;

namespace MailTracker.Api.Templates;

/// <summary>A change to a template (TrackPost's PATCH): every field optional; an empty html or text removes that body.</summary>
public sealed record UpdateTemplateRequest(string? Name, string? Subject, string? Html, string? Text) : IValidatable
{
    public string? Validate() =>
        CreateTemplateRequest.NameProblem(Name, required: false)
        ?? CreateTemplateRequest.TextProblem("subject", Subject, 1, CreateTemplateRequest.MaxSubjectLength, required: false)
        ?? CreateTemplateRequest.TextProblem("html", Html, 0, CreateTemplateRequest.MaxBodyLength, required: false)
        ?? CreateTemplateRequest.TextProblem("text", Text, 0, CreateTemplateRequest.MaxBodyLength, required: false);

    public TemplateUpdate ToUpdate() => new(Name?.Trim(), Subject, Html, Text);
}
