using MailTracker.Hits;

namespace MailTracker.Recipients;

/// <summary>One open or click of an account's event feed (Procurios' raw events).</summary>
/// <param name="Location">The salted hash of the IP (stable per account, not reversible); null when IPs are not tracked.</param>
/// <param name="Recipient">The recipient's token, when the hit came through one.</param>
[GenerateSerializer, Immutable, Alias("mt.HitEvent")]
public sealed record HitEvent(
    [property: Id(0)] Guid Id,
    [property: Id(1)] HitKind Kind,
    [property: Id(2)] long EntityId,
    [property: Id(3)] long TrackingId,
    [property: Id(4)] DateTimeOffset? Date,
    [property: Id(5)] string? Location,
    [property: Id(6)] bool Bot,
    [property: Id(7)] string? Recipient);
