namespace MailTracker.Accounts;

/// <summary>An API key as listed: never the secret itself. <see cref="RateLimit"/>: its own requests per minute, null for the plan's.</summary>
[GenerateSerializer, Immutable, Alias("mt.ApiKeyInfo")]
public sealed record ApiKeyInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Environment,
    [property: Id(3)] DateTimeOffset Created,
    [property: Id(4)] string Prefix,
    [property: Id(5)] int? RateLimit = null);
