using MailTracker.Grains.Recipients;
using MailTracker.Recipients;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Reads the facts of recipient tokens the hit caches miss, many per query: a look-up that arrives while <see cref="MaxReads"/>
/// reads are under way waits for the next one, which takes every look-up queued meanwhile (a group read, like the hit log's group
/// commit). A spread over a million recipients misses on most hits; one query per miss, each behind a grain activation, was
/// what held such a spread to a fraction of the throughput of a few hot tokens. It reads the row the recipient's grain would read
/// (<see cref="IRecipientStore.FactsAsync"/>), and a deletion is published to the caches just the same.
/// </summary>
public sealed class RecipientFactsBatcher(IRecipientStore store)
{
    /// <summary>Reads at a time: one to wait on the database while the next batch fills, one more to keep both cores busy.</summary>
    public const int MaxReads = 2;

    /// <summary>Tokens a read asks for at most (the rest wait for the next read).</summary>
    public const int MaxBatch = 1_000;

    private readonly Lock _gate = new();
    private List<Pending> _waiting = [];
    private int _reading;
    private long _reads;

    /// <summary>Reads made so far (each for one or more look-ups).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>The recipient's facts (null: unknown or deleted).</summary>
    public Task<RecipientFacts?> FactsAsync(string token)
    {
        var pending = new Pending(token, new TaskCompletionSource<RecipientFacts?>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool starts;
        lock (_gate)
        {
            _waiting.Add(pending);
            starts = _reading < MaxReads;
            if (starts) _reading++;
        }
        if (starts) _ = ReadAsync();
        return pending.Done.Task;
    }

    /// <summary>Reads batches until none is waiting; it never throws (a failed read fails its batch's look-ups).</summary>
    private async Task ReadAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _reading--;
                    return;
                }
                if (_waiting.Count <= MaxBatch)
                {
                    batch = _waiting;
                    _waiting = [];
                }
                else
                {
                    batch = _waiting.GetRange(0, MaxBatch);
                    _waiting.RemoveRange(0, MaxBatch);
                }
            }
            Interlocked.Increment(ref _reads);
            try
            {
                var facts = await store.FactsAsync([.. batch.Select(p => p.Token).Distinct(StringComparer.Ordinal)]);
                foreach (var (token, done) in batch) done.TrySetResult(facts.GetValueOrDefault(token));
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch) done.TrySetException(e);
            }
        }
    }

    private readonly record struct Pending(string Token, TaskCompletionSource<RecipientFacts?> Done);
}
