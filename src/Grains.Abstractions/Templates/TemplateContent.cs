namespace MailTracker.Templates;

/// <summary>What a template is: its name and the mustache sources of the subject, the HTML and the text (either body may be absent).</summary>
[GenerateSerializer, Immutable, Alias("mt.TemplateContent")]
public sealed record TemplateContent(
    [property: Id(0)] string Name,
    [property: Id(1)] string Subject,
    [property: Id(2)] string? Html,
    [property: Id(3)] string? Text);
