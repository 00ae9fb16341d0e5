namespace MailTracker.Grains.Hits;

/// <summary>One address (salted IP hash) of one pixel or link: what uniqueOpensOnly counts once.</summary>
public readonly record struct EntityAddress(long EntityId, string IpHash);
