using MailTracker.Reclassification;
using MailTracker.Trackings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailTracker.Grains.Reclassification;

/// <summary>
/// Judges a mail tracking's stored hits again under the current rules, a batch (one store transaction) per timer tick, off the
/// request path. The progress is persistent: after a restart the reminder activates the grain again and the job goes on from its
/// cursor; the hits of a batch that committed before a crash carry the new version and are not judged twice.
/// </summary>
public sealed class ReclassificationGrain(
    [PersistentState("reclassification", StorageNames.Default)] IPersistentState<ReclassificationState> state,
    IReclassificationStore store,
    StoredHitJudge judge,
    IOptions<ReclassificationOptions> options,
    TimeProvider time,
    ILogger<ReclassificationGrain> logger) : Grain, IReclassificationGrain, IRemindable
{
    private const string ReminderName = "reclassify";

    private IGrainTimer? _timer;

    private long Id => this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Running) StartTimer();
        return Task.CompletedTask;
    }

    public async Task<ReclassificationProgress?> StartAsync(long accountId)
    {
        if (await GrainFactory.GetGrain<IMailTrackingGrain>(Id).GetAsync(accountId) is not { } tracking) return null;
        var current = state.State;
        // Running, or done under these rules: nothing to start.
        if (current.AccountId == accountId && (current.Running || current.RulesVersion == judge.RulesVersion)) return Progress();

        state.State = new ReclassificationState
        {
            AccountId = accountId,
            RulesVersion = judge.RulesVersion,
            Running = true,
            Started = time.GetUtcNow(),
            Privacy = tracking.Settings.Privacy,
        };
        await state.WriteStateAsync();
        // Only to come back after a restart: the timer does the work.
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartTimer();
        return Progress();
    }

    public Task<ReclassificationProgress?> GetAsync(long accountId) =>
        Task.FromResult(state.State.RulesVersion is not null && state.State.AccountId == accountId ? Progress() : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Running) StartTimer();
        else if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.Pause) { KeepAlive = true, Interleave = false });

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Running) return;
        try
        {
            await BatchAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing of the batch moved (one transaction, the cursor written after it): the next tick tries it again.
            logger.LogWarning(e, "Reclassification of mail tracking {TrackingId}: a batch failed; retrying.", Id);
        }
    }

    private async Task BatchAsync(CancellationToken cancellationToken)
    {
        var job = state.State;
        var version = judge.RulesVersion;
        if (job.RulesVersion != version)
        {
            // The silo came back with other rules: what was judged under the job's own must be judged again.
            job.RulesVersion = version;
            job.Cursor = StoredHitCursor.Start;
        }
        var batchSize = Math.Max(1, options.Value.BatchSize);
        var hits = await store.ReadAsync(job.AccountId, Id, job.Cursor, version, batchSize, cancellationToken);
        if (hits.Count > 0)
        {
            var privacy = job.Privacy ?? new PrivacySettings(true, true, true);
            var applied = await store.ApplyAsync([.. hits.Select(h => new HitReverdict(h, judge.Judge(h, privacy)))], version, cancellationToken);
            job.Cursor = hits[^1].Place;
            job.Judged += applied.Judged;
            job.Changed += applied.Changed;
        }
        if (hits.Count < batchSize)
        {
            job.Running = false;
            job.Finished = time.GetUtcNow();
        }
        await state.WriteStateAsync(cancellationToken);
        if (job.Running) return;

        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private ReclassificationProgress Progress() =>
        new(state.State.RulesVersion!, !state.State.Running, state.State.Judged, state.State.Changed, state.State.Started, state.State.Finished);
}
