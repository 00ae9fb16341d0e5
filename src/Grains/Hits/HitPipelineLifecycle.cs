using MailTracker.Hits;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The hit pipeline's part in the silo's lifecycle, at the Active stage. Started: every partition tailer is kept activated
/// (after a crash or a restart with no new hits nothing else would wake the tailers that still have committed rows) and this
/// silo's look-ups stay subscribed to the cache hub. Stopping (after the web server stopped taking hits, before grains are
/// deactivated): the log commits everything still queued, then every partition consumes what is committed, so that nothing
/// answered waits for the next start to be counted.
/// </summary>
public sealed class HitPipelineLifecycle(
    IGrainFactory grains,
    HitLookups lookups,
    IHitLog log,
    TimeProvider time,
    ILogger<HitPipelineLifecycle> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How often the tailers are ensured and the subscription renewed (the hub forgets a silo after three missed renewals).</summary>
    public static readonly TimeSpan KeepPeriod = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstRoundTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _keeping = Task.CompletedTask;
    private long _lastSubscribed;

    /// <summary>
    /// Whether this silo's look-ups are subscribed to the cache hub, renewed within the hub's expiry: until they are, a change
    /// published through another silo might not reach this one's caches, so the silo is not ready to take hits.
    /// </summary>
    public bool IsSubscribed => Volatile.Read(ref _lastSubscribed) is var stamp and not 0
        && time.GetElapsedTime(stamp) < HitCacheHubGrain.Expiry;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HitPipelineLifecycle), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var observer = grains.CreateObjectReference<IHitCacheObserver>(lookups);
        // The first round before the silo serves, so that a change published once this silo takes hits reaches its look-ups;
        // bounded, so that a cluster still settling delays the start by seconds at most (the cache entries expire anyway).
        try
        {
            await KeepOnceAsync(observer).WaitAsync(FirstRoundTimeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The hit pipeline's first subscription took longer than {Timeout}; it goes on in the background", FirstRoundTimeout);
        }
        _keeping = KeepAsync(observer, _stopping.Token);
    }

    private async Task KeepAsync(IHitCacheObserver observer, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(KeepPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping)) await KeepOnceAsync(observer);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IHitCacheObserver>(observer);
        }
    }

    private async Task KeepOnceAsync(IHitCacheObserver observer)
    {
        try
        {
            await grains.GetGrain<IHitCacheHubGrain>(0).SubscribeAsync(observer);
            Volatile.Write(ref _lastSubscribed, time.GetTimestamp());
            await Task.WhenAll(Enumerable.Range(0, HitPartitions.Count).Select(p => grains.GetGrain<IPartitionTailerGrain>(p).EnsureRunningAsync()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not reach the hit log partitions or the cache hub; retrying");
        }
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _keeping;
        await log.StopAsync(cancellationToken);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, HitPartitions.Count).Select(p => grains.GetGrain<IPartitionTailerGrain>(p).DrainAsync()))
                .WaitAsync(DrainTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // Committed hits are safe in the log: whichever silo hosts the partition next consumes them.
            logger.LogWarning(e, "Shutdown: the hit log partitions could not all be drained; they resume from their positions");
        }
    }
}
