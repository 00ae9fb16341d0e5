using MailTracker.Live;

namespace MailTracker.Grains.Live;

/// <summary>
/// An account's live stream as a silo's readers (the tracking page, <c>/api/v1/events/stream</c>) follow it. Notices can be
/// lost; a reader catches up from the feeds by cursor, which stay the truth.
/// </summary>
public interface ILiveHits
{
    /// <summary>The account's notices from now on, until <paramref name="cancellationToken"/> ends the watch.</summary>
    IAsyncEnumerable<CountedHitsNotice> WatchAsync(long accountId, CancellationToken cancellationToken);
}
