namespace MailTracker.Live;

/// <summary>A silo's view of the watched accounts, told by the registry when an account becomes watched (a two-way call: it is awaited).</summary>
[Alias("mt.ILiveWatchObserver")]
public interface ILiveWatchObserver : IGrainObserver
{
    [Alias("Watched")]
    Task WatchedAsync(long accountId);
}
