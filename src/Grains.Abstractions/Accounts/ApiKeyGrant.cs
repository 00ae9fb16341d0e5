namespace MailTracker.Accounts;

/// <summary>What an API key grants; <see cref="RateLimit"/> is its own requests per minute (null: the account plan's).</summary>
[GenerateSerializer, Immutable, Alias("mt.ApiKeyGrant")]
public sealed record ApiKeyGrant([property: Id(0)] long AccountId, [property: Id(1)] long KeyId, [property: Id(2)] string Environment,
    [property: Id(3)] int? RateLimit = null);
