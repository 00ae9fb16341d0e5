using MailTracker.Hits;

namespace MailTracker.Silo.Hosting;

/// <summary>
/// Keeps every hit log partition's tailer activated: after a crash or a restart with no new hits,
/// nothing else would wake the tailers that still have committed rows to deliver.
/// It also keeps this silo's hit caches subscribed to the cluster's invalidation notices.
/// </summary>
public sealed class HitPipelineKeeper(IGrainFactory grains, IHitRecorder recorder, ILogger<HitPipelineKeeper> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var observer = grains.CreateObjectReference<IHitCacheObserver>((IHitCacheObserver)recorder);
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await grains.GetGrain<IHitCacheHubGrain>(0).SubscribeAsync(observer);
                await Task.WhenAll(Enumerable.Range(0, HitPartitions.Count).Select(p => grains.GetGrain<IHitLogPartitionGrain>(p).EnsureRunningAsync()));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not reach the hit log partitions; retrying");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>
/// On shutdown (after the web server stopped taking hits, before the silo leaves the cluster): commits every
/// hit still queued for the log, then lets every partition consume what is committed, so that nothing
/// answered waits for the next start to be counted.
/// </summary>
public sealed class HitLogDrain(MailTracker.Grains.Hits.PostgresHitLog log, IGrainFactory grains, ILogger<HitLogDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await log.StopAsync(cancellationToken);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, HitPartitions.Count).Select(p => grains.GetGrain<IHitLogPartitionGrain>(p).DrainAsync()))
                .WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // Committed hits are safe in the log: whichever silo hosts the partition next consumes them.
            logger.LogWarning(e, "Shutdown: the hit log partitions could not all be drained; they resume from their positions");
        }
    }
}
