using MailTracker.Hits;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The cluster's one fan-out of hit cache invalidations (key 0). Reentrant: a notice waiting on a slow or dead
/// silo holds back neither other notices nor subscriptions (the observer list is only touched between awaits).
/// </summary>
[Reentrant]
public sealed class HitCacheHubGrain(TimeProvider time, ILogger<HitCacheHubGrain> logger) : Grain, IHitCacheHubGrain
{
    /// <summary>Silos subscribe every 5 s; one missing three times over is gone.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a notice waits for one silo. A call to a silo that just died hangs until the cluster declares it
    /// dead; the change is answered without it (a dead silo caches nothing that could be served).
    /// </summary>
    public static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(1);

    private readonly ObserverManager<IHitCacheObserver> _observers = new(Expiry, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };

    public Task SubscribeAsync(IHitCacheObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task TokenChangedAsync(string token) => NotifyAsync(o => o.TokenChangedAsync(token), "token");

    public Task BlacklistChangedAsync(long accountId) => NotifyAsync(o => o.BlacklistChangedAsync(accountId), "blacklist");

    /// <summary>Completes once every live subscribed silo has applied the notice; all are told at once, so a dead one costs one timeout.</summary>
    private async Task NotifyAsync(Func<IHitCacheObserver, Task> notify, string what)
    {
        var notices = new List<Task>();
        // The synchronous overload only collects the calls (and drops expired silos); they are awaited together below.
        _observers.Notify(o => notices.Add(notify(o).WaitAsync(NoticeTimeout, time)));
        await Task.WhenAll(notices).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        var failed = notices.Count(n => !n.IsCompletedSuccessfully);
        if (failed > 0)
        {
            // Kept subscribed: a live silo that was slow once still gets the next notice; a dead one expires.
            logger.LogWarning(notices.First(n => !n.IsCompletedSuccessfully).Exception?.GetBaseException(),
                "A {What} change did not reach {Failed} of {Silos} silos in time", what, failed, notices.Count);
        }
    }
}
