using System.Collections.Concurrent;
using MailTracker.Hits;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// Stands in for one silo's hit caches: records the notices it is given. One that does not answer (until
/// <see cref="Answer"/>) is a silo that died without leaving the cluster yet.
/// </summary>
public sealed class RecordingCacheObserver(bool answers = true) : IHitCacheObserver
{
    private readonly TaskCompletionSource _answered = NewGate(answers);

    public ConcurrentQueue<string> Tokens { get; } = new();

    public ConcurrentQueue<long> Blacklists { get; } = new();

    public void Answer() => _answered.TrySetResult();

    public Task TokenChangedAsync(string token)
    {
        Tokens.Enqueue(token);
        return _answered.Task;
    }

    public Task BlacklistChangedAsync(long accountId)
    {
        Blacklists.Enqueue(accountId);
        return _answered.Task;
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) gate.SetResult();
        return gate;
    }
}
