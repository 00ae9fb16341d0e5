namespace MailTracker.Domains;

/// <summary>A sending domain as its account sees it: the records to publish and what the last verification found.</summary>
[GenerateSerializer, Immutable, Alias("mt.DomainInfo")]
public sealed record DomainInfo(
    [property: Id(0)] string Domain,
    [property: Id(1)] bool Verified,
    [property: Id(2)] IReadOnlyList<DomainRecord> Records,
    [property: Id(3)] DateTimeOffset Created,
    [property: Id(4)] DateTimeOffset? VerifiedAt,
    [property: Id(5)] DateTimeOffset? LastCheckedAt);
