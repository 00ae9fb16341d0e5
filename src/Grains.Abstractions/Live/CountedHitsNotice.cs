namespace MailTracker.Live;

/// <summary>
/// What one tailer's consumption commit counted for one account, published on the account's live stream right after the
/// commit. A notice can be lost (the memory stream provider keeps nothing): the feeds stay the truth, and a live reader
/// catches up from them by cursor.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.CountedHitsNotice")]
public sealed record CountedHitsNotice([property: Id(0)] long AccountId, [property: Id(1)] IReadOnlyList<LiveHit> Hits);
