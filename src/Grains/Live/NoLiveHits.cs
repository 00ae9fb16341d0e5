using System.Runtime.CompilerServices;
using MailTracker.Live;

namespace MailTracker.Grains.Live;

/// <summary>Placeholder until the live streams are wired: publishes nothing, and a watch sees nothing until it ends.</summary>
public sealed class NoLiveHits : ILiveHitPublisher, ILiveHits
{
    public bool IsWatched(long accountId) => false;

    public Task PublishAsync(IReadOnlyList<CountedHitsNotice> notices) => Task.CompletedTask;

    public async IAsyncEnumerable<CountedHitsNotice> WatchAsync(long accountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        yield break;
    }
}
