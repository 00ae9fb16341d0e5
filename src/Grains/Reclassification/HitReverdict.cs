using MailTracker.Hits;

namespace MailTracker.Grains.Reclassification;

/// <summary>A stored hit's verdict under the current rules (the same as before, or not: either way it takes the rules' version).</summary>
public readonly record struct HitReverdict(StoredHit Hit, BotVerdict Verdict);
