namespace MailTracker.Trackings;

/// <summary>What a pixel or link needs of a hit to decide whether it counts.</summary>
[GenerateSerializer, Immutable, Alias("mt.HitClaim")]
public readonly record struct HitClaim([property: Id(0)] Guid HitId, [property: Id(1)] string? IpHash);
