using System.Collections.Concurrent;
using MailTracker.Live;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Live;

/// <summary>
/// This silo's view of the accounts watched anywhere in the cluster, for <see cref="ILiveHitPublisher.IsWatched"/> on the
/// tailers' hot path: a lookup in a concurrent dictionary, no call, no allocation. It never says no while a reader watches:
/// a reader's silo registers the account with the <see cref="ILiveWatchRegistryGrain"/> before its subscription is made, and
/// the registry answers only once every live silo has been told (a silo that did not answer within a second, or whose view is
/// older than two renewals, or whose registry has just restarted, says yes for every account).
/// What this costs: one registry call per silo every <see cref="RefreshPeriod"/>, one per account that gains its first reader
/// on a silo, a push to every silo when an account becomes watched in the cluster, and notices built for an account up to a
/// lease (15 s) after its last reader left (a silo's renewal stops, the lease runs out; no "unwatch" can overtake a "watch").
/// </summary>
public sealed class LiveWatchSet(IGrainFactory grains, ILocalSiloDetails silo, TimeProvider time, ILogger<LiveWatchSet> logger)
    : ILiveWatchObserver, ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>A view not renewed for this long (the registry unreachable) is not trusted: every account counts as watched.</summary>
    private static readonly TimeSpan Trust = RefreshPeriod * 2;

    private static readonly TimeSpan FirstRefreshTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Watched accounts, each with the timestamp it was learned at (a renewal's answer drops only what it learned before).</summary>
    private readonly ConcurrentDictionary<long, long> _cluster = new();

    /// <summary>This silo's watched accounts and how many of its account watches hold each.</summary>
    private readonly Dictionary<long, int> _local = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private ILiveWatchObserver? _self;
    private Task _refreshing = Task.CompletedTask;

    /// <summary>Timestamp until which <see cref="_cluster"/> is trusted; 0: not (yet) trusted.</summary>
    private long _trustedUntil;

    private ILiveWatchRegistryGrain Registry => grains.GetGrain<ILiveWatchRegistryGrain>(0);

    public bool IsWatched(long accountId)
    {
        var trustedUntil = Volatile.Read(ref _trustedUntil);
        return trustedUntil == 0 || time.GetTimestamp() > trustedUntil || _cluster.ContainsKey(accountId);
    }

    /// <summary>A watch of the account begins on this silo: it counts as watched here at once, and everywhere once this completes.</summary>
    public async Task WatchAsync(long accountId)
    {
        lock (_gate) _local[accountId] = _local.GetValueOrDefault(accountId) + 1;
        _cluster[accountId] = time.GetTimestamp();
        try
        {
            await Registry.WatchAsync(silo.SiloAddress, accountId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next renewal registers it; until then the reader still polls the feed.
            logger.LogWarning(e, "Live watch of account {Account}: the registry did not answer", accountId);
        }
    }

    /// <summary>A watch of the account on this silo ended: no longer renewed once no other watch holds it (the lease runs out).</summary>
    public void Unwatch(long accountId)
    {
        lock (_gate)
        {
            if (_local.GetValueOrDefault(accountId) <= 1) _local.Remove(accountId);
            else _local[accountId]--;
        }
    }

    public Task WatchedAsync(long accountId)
    {
        _cluster[accountId] = time.GetTimestamp();
        return Task.CompletedTask;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LiveWatchSet), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<ILiveWatchObserver>(this);
        try
        {
            await RefreshAsync().WaitAsync(FirstRefreshTimeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Until the first answer every account counts as watched.
            logger.LogWarning("The live watch registry did not answer within {Timeout}; retrying in the background", FirstRefreshTimeout);
        }
        _refreshing = KeepAsync(_stopping.Token);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _refreshing;
        if (_self is not null) grains.DeleteObjectReference<ILiveWatchObserver>(_self);
    }

    private async Task KeepAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(RefreshPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping)) await RefreshAsync();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync()
    {
        var start = time.GetTimestamp();
        long[] local;
        lock (_gate) local = [.. _local.Keys];
        LiveWatchSnapshot snapshot;
        try
        {
            snapshot = await Registry.RefreshAsync(_self!, silo.SiloAddress, local);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The live watch registry did not answer; retrying");
            return;
        }
        var accounts = snapshot.Accounts.ToHashSet();
        foreach (var account in accounts) _cluster.TryAdd(account, start);
        foreach (var (account, learned) in _cluster)
        {
            // Learned after this renewal was asked for (a push, a watch of this silo): newer than the answer.
            if (!accounts.Contains(account) && learned < start) _cluster.TryRemove(KeyValuePair.Create(account, learned));
        }
        lock (_gate)
        {
            foreach (var account in _local.Keys) _cluster.TryAdd(account, start);
        }
        Volatile.Write(ref _trustedUntil, snapshot.Complete ? start + (long)(Trust.TotalSeconds * time.TimestampFrequency) : 0);
    }
}
