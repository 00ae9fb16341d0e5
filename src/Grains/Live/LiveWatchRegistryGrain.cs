using MailTracker.Live;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;

namespace MailTracker.Grains.Live;

/// <summary>
/// The cluster's list of watched accounts (key 0), kept in memory: per account, the silos whose readers watch it and until when
/// (a lease each silo renews every <see cref="LiveWatchSet.RefreshPeriod"/>). Nothing is removed but by expiry, so no
/// "unwatch" can overtake a later "watch". A new activation (the hosting silo died) knows nothing for one lease: until every
/// silo has renewed, its snapshot says it is incomplete and the silos count every account as watched. Reentrant: a push
/// waiting on a slow silo holds back no renewal (the maps are only touched between awaits).
/// </summary>
[Reentrant]
public sealed class LiveWatchRegistryGrain(TimeProvider time, ILogger<LiveWatchRegistryGrain> logger) : Grain, ILiveWatchRegistryGrain
{
    /// <summary>Three missed renewals: the silo is gone (or its readers are), and its accounts are no longer watched through it.</summary>
    public static readonly TimeSpan Lease = LiveWatchSet.RefreshPeriod * 3;

    /// <summary>How long a push waits for one silo; a silo that just died would hang it until the cluster declares it dead.</summary>
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(1);

    private readonly Dictionary<long, Dictionary<SiloAddress, DateTimeOffset>> _watched = [];
    private readonly ObserverManager<ILiveWatchObserver> _observers = new(Lease, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };
    private DateTimeOffset _activated;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activated = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public async Task<LiveWatchSnapshot> RefreshAsync(ILiveWatchObserver observer, SiloAddress silo, IReadOnlyList<long> watching)
    {
        _observers.Subscribe(observer, observer);
        var now = time.GetUtcNow();
        var added = new List<long>();
        foreach (var account in watching)
        {
            if (Renew(account, silo, now)) added.Add(account);
        }
        Expire(now);
        var snapshot = new LiveWatchSnapshot([.. _watched.Keys], now - _activated >= Lease);
        // An account that had expired (a silo's renewals were late) is news to the others.
        foreach (var account in added) await PushAsync(account);
        return snapshot;
    }

    public async Task WatchAsync(SiloAddress silo, long accountId)
    {
        if (Renew(accountId, silo, time.GetUtcNow())) await PushAsync(accountId);
    }

    /// <summary>Extends the silo's lease on the account; true when nobody watched it before.</summary>
    private bool Renew(long accountId, SiloAddress silo, DateTimeOffset now)
    {
        var isNew = !_watched.TryGetValue(accountId, out var silos);
        if (silos is null) _watched[accountId] = silos = [];
        silos[silo] = now + Lease;
        return isNew;
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var (account, silos) in _watched.ToList())
        {
            foreach (var (silo, until) in silos.ToList())
            {
                if (until < now) silos.Remove(silo);
            }
            if (silos.Count == 0) _watched.Remove(account);
        }
    }

    /// <summary>Tells every subscribed silo at once; one that does not answer in time learns it at its next renewal.</summary>
    private async Task PushAsync(long accountId)
    {
        var pushes = new List<Task>();
        _observers.Notify(o => pushes.Add(o.WatchedAsync(accountId).WaitAsync(PushTimeout, time)));
        await Task.WhenAll(pushes).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        if (pushes.Count(p => !p.IsCompletedSuccessfully) is var failed and > 0)
        {
            logger.LogWarning("Live watch of account {Account}: {Failed} of {Silos} silos did not answer in time", accountId, failed, pushes.Count);
        }
    }
}
