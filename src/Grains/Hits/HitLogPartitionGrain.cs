using MailTracker.Hits;
using MailTracker.Trackings;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Hits;

public sealed record HitLogPartitionState
{
    public LogPosition Position { get; set; } = LogPosition.Start;
}

public sealed class HitLogPartitionGrain(
    [PersistentState("hitlogpartition", StorageNames.Default)] IPersistentState<HitLogPartitionState> state,
    IHitLog log,
    ILogger<HitLogPartitionGrain> logger) : Grain, IHitLogPartitionGrain
{
    private const int BatchSize = 2000;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    /// <summary>Read even without a poke this often: a poke can be lost with a silo, a commit never is.</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private bool _dirty = true;
    private long _lastPump;

    private int Partition => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = true, Interleave = false });
        return Task.CompletedTask;
    }

    public Task PokeAsync()
    {
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task EnsureRunningAsync() => Task.CompletedTask;

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        if (!_dirty && Environment.TickCount64 - _lastPump < IdlePoll.TotalMilliseconds) return;
        _dirty = false;
        _lastPump = Environment.TickCount64;
        try
        {
            await PumpAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not advanced: the same rows are read again on the next tick.
            _dirty = true;
            logger.LogWarning(e, "Hit log partition {Partition}: delivery failed at {Position}; retrying", Partition, state.State.Position);
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await log.ReadAsync(Partition, state.State.Position, BatchSize, cancellationToken);
            if (batch.Hits.Count == 0) return;
            var deliveries = new List<Task>();
            foreach (var group in batch.Hits.GroupBy(h => h.EntityId))
            {
                deliveries.Add(GrainFactory.GetGrain<ITrackableGrain>(group.Key).ApplyHitsAsync(group.ToList()));
            }
            await Task.WhenAll(deliveries);
            state.State.Position = batch.Next;
            await state.WriteStateAsync(cancellationToken);
            if (batch.Hits.Count < BatchSize) return;
        }
    }
}
