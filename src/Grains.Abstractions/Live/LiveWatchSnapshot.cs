namespace MailTracker.Live;

/// <summary>
/// Every account watched somewhere in the cluster. <paramref name="Complete"/> is false while the registry may not yet know
/// them all (its activation is younger than a lease: the silos have not all renewed theirs since it started).
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.LiveWatchSnapshot")]
public sealed record LiveWatchSnapshot([property: Id(0)] IReadOnlyList<long> Accounts, [property: Id(1)] bool Complete);
