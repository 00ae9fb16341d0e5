namespace MailTracker.Accounts;

/// <summary>What an API key grants.</summary>
[GenerateSerializer, Immutable, Alias("mt.ApiKeyGrant")]
public sealed record ApiKeyGrant([property: Id(0)] long AccountId, [property: Id(1)] long KeyId, [property: Id(2)] string Environment);
