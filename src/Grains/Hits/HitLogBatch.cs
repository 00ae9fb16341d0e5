namespace MailTracker.Grains.Hits;

/// <summary>
/// A page of committed hits of one partition and the position to read on from: what deciding needs of each (the request's own
/// fields are left in the row), and of an unresolved row (entity_id 0) everything, to be shaped by the policy.
/// </summary>
public sealed record HitLogBatch(IReadOnlyList<LoggedHit> Hits, LogPosition Next);
