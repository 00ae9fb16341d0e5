namespace MailTracker.Hits;

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
