using MailTracker.Live;

namespace MailTracker.Grains.Live;

/// <summary>Publishes what a tailer's consumption commit counted on each account's live stream (after the commit: never before).</summary>
public interface ILiveHitPublisher
{
    /// <summary>
    /// Whether anyone in the cluster may be watching the account's live stream: a tailer builds notices only for these
    /// (hits of unwatched accounts, the usual case, cost nothing). May say yes when nobody watches, never no when someone does.
    /// </summary>
    bool IsWatched(long accountId);

    Task PublishAsync(IReadOnlyList<CountedHitsNotice> notices);
}
