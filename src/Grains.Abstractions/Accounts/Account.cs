namespace MailTracker.Accounts;

/// <summary>A customer of the service; every entity belongs to exactly one account.</summary>
[GenerateSerializer, Immutable, Alias("mt.Account")]
public sealed record Account(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Plan,
    [property: Id(3)] DateTimeOffset Created);
