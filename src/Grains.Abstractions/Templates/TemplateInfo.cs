namespace MailTracker.Templates;

/// <summary>A template with the variables its sources use (each once, in order of first use: subject, HTML, text).</summary>
[GenerateSerializer, Immutable, Alias("mt.TemplateInfo")]
public sealed record TemplateInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long AccountId,
    [property: Id(2)] TemplateContent Content,
    [property: Id(3)] IReadOnlyList<string> Variables,
    [property: Id(4)] DateTimeOffset Created,
    [property: Id(5)] DateTimeOffset Updated);
