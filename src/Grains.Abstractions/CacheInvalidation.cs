namespace MailTracker.Hits;

/// <summary>
/// A silo's hit caches, told when a token or a blacklist changes anywhere in the cluster. Two-way calls: the
/// hub waits for each silo to drop the entry, so that a change is in force everywhere when it is answered.
/// </summary>
[Alias("mt.IHitCacheObserver")]
public interface IHitCacheObserver : IGrainObserver
{
    [Alias("TokenChanged")]
    Task TokenChangedAsync(string token);

    [Alias("BlacklistChanged")]
    Task BlacklistChangedAsync(long accountId);
}

/// <summary>
/// Fans cache invalidations out to every silo (one grain, key 0; changes are rare). The grain that makes a
/// change publishes it here and is answered once every live silo has dropped its entry (a silo that does not
/// answer within a second is not waited for). Silos subscribe again every few seconds; one that stops doing so is dropped.
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
