namespace MailTracker.Recipients;

/// <summary>What the hit path needs to attribute a hit to a recipient, cached per silo.</summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientFacts")]
public sealed record RecipientFacts(
    [property: Id(0)] long Id,
    [property: Id(1)] long TrackingId,
    [property: Id(2)] long AccountId,
    [property: Id(3)] DateTimeOffset Created);
