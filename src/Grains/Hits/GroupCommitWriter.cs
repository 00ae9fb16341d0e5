using System.Threading.Channels;
using MailTracker.Diagnostics;
using MailTracker.Hits;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The PostgreSQL hit log's writer (table <c>mt_hits</c>) with group commit: every <see cref="AppendAsync"/> is queued, and one
/// background loop takes everything queued (up to <see cref="MaxBatchSize"/>), writes it with a single binary COPY in one
/// transaction and then answers all of those appends at once. No per-hit round trips.
/// </summary>
public sealed class GroupCommitWriter : IHitLog, IAsyncDisposable
{
    public const int MaxBatchSize = 4096;

    /// <summary>Attempts per batch; the pause before attempt n+1 is <see cref="RetryDelay"/> × 2^(n-1).</summary>
    private const int MaxAttempts = 4;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly NpgsqlDataSource _dataSource;
    private readonly LostCommitResolver _lostCommits;
    private readonly IHitCommitSignal _signal;
    private readonly MailTrackerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Cancelled only when a stop gives up waiting: the writer then fails what is left instead of writing it.</summary>
    private readonly CancellationTokenSource _abort = new();

    private readonly Task _writer;

    public GroupCommitWriter(
        NpgsqlDataSource dataSource, LostCommitResolver lostCommits, IHitCommitSignal signal, MailTrackerMetrics metrics, TimeProvider time, ILogger<GroupCommitWriter> logger)
    {
        _dataSource = dataSource;
        _lostCommits = lostCommits;
        _signal = signal;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Group commits so far, and the hits they committed (the benchmark reports hits per commit).</summary>
    public (long Commits, long Hits) GroupCommits => (Interlocked.Read(ref _commits), Interlocked.Read(ref _committedHits));

    private long _commits;
    private long _committedHits;

    public Task AppendAsync(Hit hit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Continuations run off the writer loop, so a slow caller never holds up the next commit.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(hit, done)))
        {
            throw new InvalidOperationException("The hit log is stopped and accepts no more hits.");
        }
        // A caller that stops waiting does not take the hit back: it may still commit, and is then counted like any other.
        return cancellationToken.CanBeCanceled ? done.Task.WaitAsync(cancellationToken) : done.Task;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync();
            await _writer;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _abort.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        // Two batches take turns: the next one is copied to the server while the one before waits for its COMMIT
        // (a round trip and the WAL flush), so that wait no longer holds up the next batch. At most one commit waits,
        // so batches stay large and at most two short transactions are open.
        var batches = new[] { new List<Pending>(MaxBatchSize), new List<Pending>(MaxBatchSize) };
        // Each batch's COPY buffer goes with its list: reused only once that batch has ended, retries and all.
        var buffers = new[] { new HitCopyBuffer(), new HitCopyBuffer() };
        var committing = Task.CompletedTask;
        // Ends once the queue is completed (stop) and empty (drained), and the last commit has ended.
        for (var turn = 0; await reader.WaitToReadAsync(); turn ^= 1)
        {
            var batch = batches[turn];
            while (batch.Count < MaxBatchSize && reader.TryRead(out var pending)) batch.Add(pending);
            var copied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var written = WriteBatchAsync(batch, buffers[turn], copied);
            await copied.Task;
            // The batch that used this turn's list before is done: the loop waited for its commit one turn ago.
            await committing;
            committing = written;
        }
        await committing;
    }

    /// <summary>Writes and answers one batch; <paramref name="copied"/> completes once its rows are on the server (or it ended).</summary>
    private async Task WriteBatchAsync(List<Pending> batch, HitCopyBuffer buffer, TaskCompletionSource copied)
    {
        try
        {
            await WriteAsync(batch, 0, batch.Count, buffer, copied);
        }
        catch (Exception exception)
        {
            // The writer must never die: whatever went wrong, no append of this batch is left hanging.
            _logger.LogError(exception, "Hit log writer failed on a batch of {Count} hits", batch.Count);
            foreach (var pending in batch) pending.Done.TrySetException(exception);
        }
        finally
        {
            batch.Clear();
            buffer.Clear();
            copied.TrySetResult();
        }
    }

    /// <summary>Writes batch[start..start+count) and answers those appends, retrying or splitting on failure.</summary>
    private async Task WriteAsync(List<Pending> batch, int start, int count, HitCopyBuffer buffer, TaskCompletionSource copied)
    {
        // Attempts whose commit may have gone through without its answer reaching us (see LostCommitResolver).
        var unsure = new List<long>();
        var started = _time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var transaction = new CopyAttempt();
            try
            {
                if (await _lostCommits.AnyCommittedAsync(unsure, _abort.Token))
                {
                    Committed(batch, start, count, started);
                    return;
                }
                await CopyAsync(batch, start, count, buffer, transaction, copied, _abort.Token);
            }
            catch (PostgresException exception) when (IsBadData(exception) && count > 1)
            {
                // The server rejected a row (e.g. a NUL in a text): retrying cannot help, so find the bad rows
                // by halving, and let the good ones commit instead of failing with them.
                var half = count / 2;
                await WriteAsync(batch, start, half, buffer, copied);
                await WriteAsync(batch, start + half, count - half, buffer, copied);
                return;
            }
            catch (Exception exception) when (!_abort.IsCancellationRequested && attempt < MaxAttempts && !(exception is PostgresException p && IsBadData(p)))
            {
                // Most likely a broken connection (server restart, failover, network): drop the pooled idle
                // connections, which are probably broken too, and try again on a fresh one.
                if (transaction.Xid is { } xid) unsure.Add(xid);
                _metrics.GroupCommitFailed();
                _logger.LogWarning(exception, "Hit log commit of {Count} hits failed (attempt {Attempt} of {Max}); retrying", count, attempt, MaxAttempts);
                _dataSource.Clear();
                await Task.Delay(RetryDelay * (1 << (attempt - 1)));
                continue;
            }
            catch (Exception exception)
            {
                _metrics.GroupCommitFailed();
                _logger.LogError(exception, "Hit log commit of {Count} hits failed after {Attempts} attempts; failing those appends", count, attempt);
                for (var i = start; i < start + count; i++) batch[i].Done.TrySetException(exception);
                return;
            }

            Committed(batch, start, count, started);
            return;
        }
    }

    /// <summary>Data or constraint errors: the rows themselves are at fault, not the connection.</summary>
    private static bool IsBadData(PostgresException exception) =>
        exception.SqlState.StartsWith("22", StringComparison.Ordinal) || exception.SqlState.StartsWith("23", StringComparison.Ordinal);

    private async Task CopyAsync(
        List<Pending> batch, int start, int count, HitCopyBuffer buffer, CopyAttempt attempt, TaskCompletionSource copied, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Known before the commit is sent, so that a commit whose answer is lost can be looked up instead of repeated.
        var xid = await HitTable.CurrentXidAsync(connection, transaction, cancellationToken);
        attempt.Xid = xid;
        buffer.Clear();
        for (var i = start; i < start + count; i++) buffer.Add(batch[i].Hit);
        await HitTable.CopyAsync(connection, xid, buffer, cancellationToken);
        // The next batch may be copied while this one commits.
        copied.TrySetResult();
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Answers the committed appends, then wakes the tailers of the partitions that received rows, once per commit.</summary>
    private void Committed(List<Pending> batch, int start, int count, long started)
    {
        _metrics.GroupCommitted(count, _time.GetElapsedTime(started));
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _committedHits, count);
        Span<bool> touched = stackalloc bool[HitPartitions.Count];
        var partitions = 0;
        for (var i = start; i < start + count; i++)
        {
            var pending = batch[i];
            pending.Done.TrySetResult();
            if (!touched[pending.Hit.Partition])
            {
                touched[pending.Hit.Partition] = true;
                partitions++;
            }
        }

        var committed = new int[partitions];
        for (int p = 0, n = 0; p < touched.Length; p++)
        {
            if (touched[p]) committed[n++] = p;
        }
        try
        {
            _signal.Committed(committed);
        }
        catch (Exception exception)
        {
            // The rows are committed and the tailers still poll; a faulty listener must not stop the writer.
            _logger.LogError(exception, "Hit commit signal failed");
        }
    }

    private readonly record struct Pending(Hit Hit, TaskCompletionSource Done);

    /// <summary>One attempt at a batch: its transaction id once the server has assigned it.</summary>
    private sealed class CopyAttempt
    {
        public long? Xid { get; set; }
    }
}
