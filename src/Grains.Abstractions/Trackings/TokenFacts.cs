using MailTracker.Hits;

namespace MailTracker.Trackings;

/// <summary>The immutable facts a hit endpoint needs about a token, cached per silo.</summary>
[GenerateSerializer, Immutable, Alias("mt.TokenFacts")]
public sealed record TokenFacts(
    [property: Id(0)] HitKind Kind,
    [property: Id(1)] long EntityId,
    [property: Id(2)] long TrackingId,
    [property: Id(3)] long AccountId,
    [property: Id(4)] string? OriginalUrl,
    [property: Id(5)] PrivacySettings Privacy,
    [property: Id(6)] string? ImageContentType,
    [property: Id(7)] byte[] IpSalt);
