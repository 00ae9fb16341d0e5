using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

public sealed class HitCacheHubGrain(TimeProvider time) : Grain, IHitCacheHubGrain
{
    /// <summary>Silos subscribe every 5 s; one missing three times over is gone.</summary>
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(15);

    private readonly Dictionary<IHitCacheObserver, DateTimeOffset> _observers = [];

    public Task SubscribeAsync(IHitCacheObserver observer)
    {
        _observers[observer] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task TokenChangedAsync(string token) => NotifyAsync(o => o.TokenChangedAsync(token));

    public Task BlacklistChangedAsync(long accountId) => NotifyAsync(o => o.BlacklistChangedAsync(accountId));

    private Task NotifyAsync(Func<IHitCacheObserver, Task> notify)
    {
        var now = time.GetUtcNow();
        foreach (var (observer, seen) in _observers.ToList())
        {
            if (now - seen > Expiry) _observers.Remove(observer);
            else _ = notify(observer); // one-way: a dead silo does not hold the others back
        }
        return Task.CompletedTask;
    }
}
