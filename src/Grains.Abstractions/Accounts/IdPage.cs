namespace MailTracker.Accounts;

/// <summary>A page of an account's mail tracking ids, oldest first, and whether more follow.</summary>
[GenerateSerializer, Immutable, Alias("mt.IdPage")]
public sealed record IdPage([property: Id(0)] IReadOnlyList<long> Ids, [property: Id(1)] bool HasMore);
