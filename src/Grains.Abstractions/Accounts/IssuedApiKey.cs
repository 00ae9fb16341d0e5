namespace MailTracker.Accounts;

/// <summary>A newly issued key: the only time the secret is shown.</summary>
[GenerateSerializer, Immutable, Alias("mt.IssuedApiKey")]
public sealed record IssuedApiKey([property: Id(0)] ApiKeyInfo Info, [property: Id(1)] string Key);
