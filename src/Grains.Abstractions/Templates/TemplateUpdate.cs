namespace MailTracker.Templates;

/// <summary>A change to a template: null leaves a field as it is; an empty <see cref="Html"/> or <see cref="Text"/> removes that body.</summary>
[GenerateSerializer, Immutable, Alias("mt.TemplateUpdate")]
public sealed record TemplateUpdate(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Subject,
    [property: Id(2)] string? Html,
    [property: Id(3)] string? Text);
