namespace MailTracker.Domains;

/// <summary>One DNS record to publish, and its state at the last verification (<see cref="Found"/>: the TXT values seen there).</summary>
[GenerateSerializer, Immutable, Alias("mt.DomainRecord")]
public sealed record DomainRecord(
    [property: Id(0)] string Type,
    [property: Id(1)] string Name,
    [property: Id(2)] string Value,
    [property: Id(3)] DomainRecordPurpose Purpose,
    [property: Id(4)] DomainRecordState State,
    [property: Id(5)] IReadOnlyList<string> Found);
