namespace MailTracker.Grains.Hits;

/// <summary>Under uniqueOpensOnly: the hit that counts for an address of a pixel or link (the first one, in commit order).</summary>
public readonly record struct AddressClaim(EntityAddress Address, Guid HitId);
