using MailTracker.Hits;

namespace MailTracker.Grains.Reclassification;

/// <summary>
/// A decided hit as a reclassification judges it again: what was stored of its request (no method: HEAD is not stored), its
/// recipient's creation (the send time the timing rules measure from) and its verdict now. <see cref="Place"/> identifies the row.
/// </summary>
public sealed record StoredHit(
    StoredHitCursor Place,
    long EntityId,
    long? RecipientId,
    DateTimeOffset? RecipientCreated,
    DateTimeOffset? Date,
    string? IpAddress,
    string? UserAgent,
    BotVerdict Verdict);
