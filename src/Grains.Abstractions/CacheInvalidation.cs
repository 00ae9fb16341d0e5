using Orleans.Concurrency;

namespace MailTracker.Hits;

/// <summary>A silo's hit caches, told when a token or a blacklist changes anywhere in the cluster.</summary>
[Alias("mt.IHitCacheObserver")]
public interface IHitCacheObserver : IGrainObserver
{
    [OneWay, Alias("TokenChanged")]
    Task TokenChangedAsync(string token);

    [OneWay, Alias("BlacklistChanged")]
    Task BlacklistChangedAsync(long accountId);
}

/// <summary>
/// Fans cache invalidations out to every silo (one grain, key 0; changes are rare). Silos subscribe
/// again every few seconds; a silo that stops doing so is dropped.
/// </summary>
[Alias("mt.IHitCacheHubGrain")]
public interface IHitCacheHubGrain : IGrainWithIntegerKey
{
    [Alias("Subscribe")]
    Task SubscribeAsync(IHitCacheObserver observer);

    [Alias("TokenChanged")]
    Task TokenChangedAsync(string token);

    [Alias("BlacklistChanged")]
    Task BlacklistChangedAsync(long accountId);
}
