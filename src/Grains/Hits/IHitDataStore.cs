using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Grains.Hits;

/// <summary>The decided hits ("data") per pixel or link and their counts, as the API reads them.</summary>
public interface IHitDataStore
{
    Task<HitCounts> CountAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);

    /// <summary>Decided hits only, newest first, as the PastePixel data endpoints page.</summary>
    Task<IReadOnlyList<Hit>> PageAsync(HitKind kind, long entityId, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// A mail tracking's decided hits across its pixel and links, newest first (commit order), as the tracking page's log
    /// pages: a merge of each entity's newest rows, never a scan of the tracking.
    /// </summary>
    Task<IReadOnlyList<Hit>> TrackingPageAsync(long? pixelId, IReadOnlyList<long> linkIds, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes an entity's hits, counts and claims of addresses (uniqueOpensOnly) when the entity is deleted.</summary>
    Task DeleteAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);

    /// <summary>A recipient's decided opens, oldest first.</summary>
    Task<IReadOnlyList<RecipientOpen>> RecipientOpensAsync(long recipientId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// An account's decided opens or clicks after <paramref name="after"/>, in commit order. Only hits that every
    /// partition has decided up to are shown, so an event that shows up later can never sort before one shown.
    /// </summary>
    Task<EventPage> EventsAsync(long accountId, HitKind kind, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Both feeds in one: an account's decided opens and clicks after <paramref name="after"/>, in one commit order, under the
    /// same rule as <see cref="EventsAsync"/>. Each event carries its <see cref="HitEvent.Position"/>.
    /// </summary>
    Task<EventPage> AllEventsAsync(long accountId, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The feeds' present end: a reader that starts here gets only hits committed from now on (none missed).</summary>
    Task<CommitCursor> EventsEndAsync(CancellationToken cancellationToken = default);
}
