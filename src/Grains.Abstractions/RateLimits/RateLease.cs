namespace MailTracker.RateLimits;

/// <summary>
/// Requests granted from a fixed window: <see cref="Granted"/> of the window's <see cref="Limit"/>, valid until
/// <see cref="WindowEnd"/>; <see cref="Remaining"/> is what the window still has after this grant.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.RateLease")]
public sealed record RateLease(
    [property: Id(0)] int Limit,
    [property: Id(1)] int Granted,
    [property: Id(2)] int Remaining,
    [property: Id(3)] DateTimeOffset WindowEnd);
