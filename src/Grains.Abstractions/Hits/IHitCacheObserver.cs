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
