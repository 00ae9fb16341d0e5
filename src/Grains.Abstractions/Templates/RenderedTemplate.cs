namespace MailTracker.Templates;

/// <summary>A template rendered with its variables; <see cref="Html"/> or <see cref="Text"/> is null when the template has no such body.</summary>
[GenerateSerializer, Immutable, Alias("mt.RenderedTemplate")]
public sealed record RenderedTemplate(
    [property: Id(0)] string Subject,
    [property: Id(1)] string? Html,
    [property: Id(2)] string? Text);
