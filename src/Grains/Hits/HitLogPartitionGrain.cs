using MailTracker.Hits;
using MailTracker.Trackings;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Tails one partition of the hit log: each pixel's or link's grain decides which of its hits count, and
/// the counted hits of the whole batch are stored with their counts and the new position in one commit.
/// Batches grow by themselves under load (everything committed since the last read), so the work per hit
/// falls as the rate rises.
/// </summary>
public sealed class HitLogPartitionGrain(IHitLog log, IHitDataStore data, ILogger<HitLogPartitionGrain> logger) : Grain, IHitLogPartitionGrain
{
    private const int BatchSize = 10_000;

    /// <summary>After this many failed attempts at one batch, hits whose grain keeps failing are passed over.</summary>
    private const int PoisonAttempts = 5;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    /// <summary>Read even without a poke this often: a poke can be lost with a silo, a commit never is.</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private LogPosition? _position;
    private bool _dirty = true;
    private long _lastPump;
    private int _failedAttempts;

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

    /// <summary>Consumes everything committed so far (used on shutdown so that nothing waits for the next start).</summary>
    public Task DrainAsync() => PumpAsync(CancellationToken.None);

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        if (!_dirty && Environment.TickCount64 - _lastPump < IdlePoll.TotalMilliseconds) return;
        _dirty = false;
        _lastPump = Environment.TickCount64;
        try
        {
            await PumpAsync(cancellationToken);
            _failedAttempts = 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not committed, so not advanced: the same rows are read again on the next tick.
            _dirty = true;
            _failedAttempts++;
            logger.LogWarning(e, "Hit log partition {Partition}: attempt {Attempt} at {Position} failed; retrying", Partition, _failedAttempts, _position);
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        _position ??= await data.GetPositionAsync(Partition, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await log.ReadAsync(Partition, _position.Value, BatchSize, cancellationToken);
            if (batch.Hits.Count == 0) return;
            var counted = await DecideAsync(batch.Hits);
            await data.CommitAsync(Partition, batch.Next, counted, cancellationToken);
            _position = batch.Next;
            if (batch.Hits.Count < BatchSize) return;
        }
    }

    private async Task<List<Hit>> DecideAsync(IReadOnlyList<Hit> hits)
    {
        var byEntity = new Dictionary<long, List<Hit>>();
        foreach (var hit in hits)
        {
            if (!byEntity.TryGetValue(hit.EntityId, out var list)) byEntity[hit.EntityId] = list = [];
            list.Add(hit);
        }
        var decisions = byEntity.Select(e => (Entity: e.Key, Decision: GrainFactory.GetGrain<ITrackableGrain>(e.Key).DecideAsync(e.Value))).ToList();
        try
        {
            await Task.WhenAll(decisions.Select(d => d.Decision));
        }
        catch (Exception) when (_failedAttempts + 1 >= PoisonAttempts)
        {
            // A grain that fails again and again (a poison row) must not block every other hit of its partition.
            foreach (var (entity, decision) in decisions.Where(d => !d.Decision.IsCompletedSuccessfully))
            {
                logger.LogError(decision.Exception, "Hit log partition {Partition}: passing over {Count} hits of entity {Entity} after {Attempts} failed attempts",
                    Partition, byEntity[entity].Count, entity, PoisonAttempts);
            }
        }
        var counted = new List<Hit>(hits.Count);
        foreach (var (_, decision) in decisions)
        {
            if (decision.IsCompletedSuccessfully) counted.AddRange(decision.Result);
        }
        return counted;
    }
}
