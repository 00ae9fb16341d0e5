using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>
/// A page of committed hits of one partition and the position to read on from. Resolved rows carry what deciding needs (the
/// request's own fields are left in the row); an unresolved row (entity_id 0) carries everything, to be shaped by the policy.
/// </summary>
public sealed record HitLogBatch(IReadOnlyList<Hit> Hits, LogPosition Next);
