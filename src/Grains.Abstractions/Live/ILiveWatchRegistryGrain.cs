namespace MailTracker.Live;

/// <summary>
/// The cluster's one list of the accounts whose live stream someone watches (key 0), so that a tailer on any silo builds
/// live notices only for those. Each silo renews the accounts its readers watch (a lease) and reads the whole list back;
/// an account a silo starts to watch is pushed to every silo before the watch goes on.
/// </summary>
[Alias("mt.ILiveWatchRegistryGrain")]
public interface ILiveWatchRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Renews <paramref name="silo"/>'s lease on the accounts it watches and subscribes its observer; answers every watched account.</summary>
    [Alias("Refresh")]
    Task<LiveWatchSnapshot> RefreshAsync(ILiveWatchObserver observer, SiloAddress silo, IReadOnlyList<long> watching);

    /// <summary>A reader on <paramref name="silo"/> starts watching: answered once every live silo knows the account is watched.</summary>
    [Alias("Watch")]
    Task WatchAsync(SiloAddress silo, long accountId);
}
