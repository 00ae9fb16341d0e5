using MailTracker.Accounts;
using MailTracker.Reclassification;

namespace MailTracker.Grains.Reclassification;

/// <summary>
/// The operator's reclassification of an account: a job per mail tracking (each resumable and idempotent on its own), and their
/// progress summed up. Starting again starts the trackings created since and leaves the others as their own jobs decide.
/// </summary>
public sealed class AccountReclassificationGrain(
    [PersistentState("accountreclassification", StorageNames.Default)] IPersistentState<AccountReclassificationState> state,
    StoredHitJudge judge,
    TimeProvider time) : Grain, IAccountReclassificationGrain
{
    private const int PageSize = 100;

    private long Id => this.GetPrimaryKeyLong();

    public async Task<AccountReclassificationProgress?> StartAsync()
    {
        var account = GrainFactory.GetGrain<IAccountGrain>(Id);
        if (await account.GetAsync() is null) return null;
        var ids = new List<long>();
        long? after = null;
        while (true)
        {
            var page = await account.ListMailTrackingsAsync(after, PageSize);
            ids.AddRange(page.Ids);
            if (!page.HasMore || page.Ids.Count == 0) break;
            after = page.Ids[^1];
        }
        var started = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IReclassificationGrain>(id).StartAsync(Id)));
        if (state.State.RulesVersion != judge.RulesVersion)
        {
            state.State.RulesVersion = judge.RulesVersion;
            state.State.Started = time.GetUtcNow();
        }
        state.State.MailTrackingIds = [.. ids.Where((_, i) => started[i] is not null)];
        await state.WriteStateAsync();
        return Sum(started);
    }

    public async Task<AccountReclassificationProgress?> GetAsync()
    {
        if (state.State.RulesVersion is null) return null;
        return Sum(await Task.WhenAll(state.State.MailTrackingIds.Select(id => GrainFactory.GetGrain<IReclassificationGrain>(id).GetAsync(Id))));
    }

    private AccountReclassificationProgress Sum(IReadOnlyList<ReclassificationProgress?> jobs)
    {
        var known = jobs.OfType<ReclassificationProgress>().ToList();
        var done = known.Count(j => j.Done);
        var finished = done == known.Count ? known.Select(j => j.Finished).Max() ?? state.State.Started : (DateTimeOffset?)null;
        var total = new ReclassificationProgress(state.State.RulesVersion!, done == known.Count, known.Sum(j => j.Judged), known.Sum(j => j.Changed),
            state.State.Started, finished);
        return new AccountReclassificationProgress(total, known.Count, done);
    }
}
