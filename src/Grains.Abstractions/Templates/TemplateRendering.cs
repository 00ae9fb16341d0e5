namespace MailTracker.Templates;

/// <summary>
/// What rendering gave: the rendered template, or (<see cref="Rendered"/> null) the variables it needs and was not given,
/// or a <see cref="Problem"/>: a sentence saying why it was not rendered (a rendered field would be too long).
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.TemplateRendering")]
public sealed record TemplateRendering(
    [property: Id(0)] RenderedTemplate? Rendered,
    [property: Id(1)] IReadOnlyList<string> MissingVariables,
    [property: Id(2)] string? Problem = null);
