using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Api.Http;
using MailTracker.Templates;

namespace MailTracker.Api.Templates;

/// <summary>A new template (TrackPost): <c>{{variable}}</c>s in the subject, the HTML and the text.</summary>
public sealed record CreateTemplateRequest(
    [property: Required, Description("The template's name, 1 to 128 characters.")] string? Name,
    [property: Required, Description("The subject, with {{variable}}s; 1 to 998 characters.")] string? Subject,
    [property: Description("The HTML body, with {{variable}}s (HTML-escaped when rendered; {{{variable}}} as given). html or text is required.")] string? Html,
    [property: Description("The plain-text body, with {{variable}}s (as given when rendered). html or text is required.")] string? Text) : IValidatable
{
    public const int MaxNameLength = 128;

    /// <summary>RFC 5322's limit of a header line.</summary>
    public const int MaxSubjectLength = 998;

    public const int MaxBodyLength = 500_000;

    public string? Validate() =>
        NameProblem(Name, required: true)
        ?? TextProblem("subject", Subject, 1, MaxSubjectLength, required: true)
        ?? TextProblem("html", Html, 0, MaxBodyLength, required: false)
        ?? TextProblem("text", Text, 0, MaxBodyLength, required: false)
        ?? (string.IsNullOrEmpty(Html) && string.IsNullOrEmpty(Text) ? "html or text is required: a template needs a body." : null);

    public TemplateContent ToContent() =>
        new(Name!.Trim(), Subject!, string.IsNullOrEmpty(Html) ? null : Html, string.IsNullOrEmpty(Text) ? null : Text);

    internal static string? NameProblem(string? name, bool required) => name switch
    {
        null when required => $"name is required (1 to {MaxNameLength} characters).",
        null => null,
        _ when string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength => $"name must be 1 to {MaxNameLength} characters.",
        _ => TextProblem("name", name, 1, MaxNameLength, required),
    };

    internal static string? TextProblem(string field, string? value, int minLength, int maxLength, bool required) =>
        TextField.Problem(field, value, minLength, maxLength, required) is { } problem ? problem + "." : null;
}
