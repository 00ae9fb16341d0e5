namespace MailTracker.Templates;

/// <summary>A page of an account's template ids, oldest first; <see cref="Next"/> is the position the next page follows, null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("mt.TemplatePage")]
public sealed record TemplatePage([property: Id(0)] IReadOnlyList<long> Ids, [property: Id(1)] long? Next);
