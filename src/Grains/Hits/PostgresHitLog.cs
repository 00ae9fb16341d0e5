using System.Buffers;
using System.Threading.Channels;
using MailTracker.Hits;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The PostgreSQL hit log (table <c>mt_hits</c>) with group commit: every <see cref="AppendAsync"/> is queued,
/// and one background writer takes everything queued (up to <see cref="MaxBatchSize"/>), writes it with a single
/// binary COPY in one transaction and then answers all of those appends at once. No per-hit round trips.
/// </summary>
public sealed class PostgresHitLog : IHitLog, IAsyncDisposable
{
    public const int MaxBatchSize = 4096;

    /// <summary>Attempts per batch; the pause before attempt n+1 is <see cref="RetryDelay"/> × 2^(n-1).</summary>
    private const int MaxAttempts = 4;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    // The transaction's own id is written by the client, not evaluated per row by a column default.
    private const string CopyCommand = $"COPY mt_hits ({HitCopyRows.Columns}) FROM STDIN (FORMAT BINARY)";

    // Only rows of transactions older than the snapshot's xmin: those can no longer be in flight, so no row
    // with a smaller (xid, seq) can appear after this read, and the position never moves past a later commit.
    // Only what deciding needs; the request's fields only for an unresolved row (entity_id 0), which needs them.
    private const string ReadCommand =
        """
        SELECT xid, seq, hit_id, kind, entity_id, bot, ip_hash, date, recipient_id, CASE WHEN entity_id = 0 THEN ip_address END,
               CASE WHEN entity_id = 0 THEN user_agent END, CASE WHEN entity_id = 0 THEN custom_data END,
               CASE WHEN entity_id = 0 THEN token END
        FROM mt_hits
        WHERE partition = @partition
          AND (xid, seq) > (@xid, @seq)
          AND xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
        ORDER BY xid, seq
        LIMIT @limit
        """;

    private const string WatermarkCommand = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    private const string XidCommand = "SELECT pg_current_xact_id()::text::bigint";

    private const string StatusCommand = "SELECT pg_xact_status(@xid::text::xid8)";

    // A transaction whose client has gone but whose backend has not noticed yet: ended, so that its outcome is final.
    // backend_xid is the 32-bit xid: the low half of the 64-bit one (xid8) that the rows and pg_xact_status use.
    private const string EndCommand = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_xid::text::bigint = @xid & 4294967295";

    private readonly NpgsqlDataSource _dataSource;
    private readonly IHitCommitSignal _signal;
    private readonly ILogger<PostgresHitLog> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Cancelled only when a stop gives up waiting: the writer then fails what is left instead of writing it.</summary>
    private readonly CancellationTokenSource _abort = new();

    private readonly Task _writer;

    public PostgresHitLog(NpgsqlDataSource dataSource, IHitCommitSignal signal, ILogger<PostgresHitLog> logger)
    {
        _dataSource = dataSource;
        _signal = signal;
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
        // A caller that stops waiting does not take the hit back: it may still commit (hits are idempotent by id downstream).
        return cancellationToken.CanBeCanceled ? done.Task.WaitAsync(cancellationToken) : done.Task;
    }

    public async Task<HitLogBatch> ReadAsync(int partition, LogPosition after, int limit, List<LoggedHit> buffer, CancellationToken cancellationToken = default)
    {
        buffer.Clear();
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, HitPartitions.Count);
        if (limit <= 0) return new HitLogBatch(buffer, after);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // The watermark first, then the rows (a later snapshot, so at least as far): when the rows do not fill
        // the page, every row below that watermark has been read, and the position can move up to it.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(WatermarkCommand));
        var read = new NpgsqlBatchCommand(ReadCommand);
        read.Parameters.Add(new NpgsqlParameter<short>("partition", NpgsqlDbType.Smallint) { TypedValue = (short)partition });
        read.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = after.Xid });
        read.Parameters.Add(new NpgsqlParameter<long>("seq", NpgsqlDbType.Bigint) { TypedValue = after.Seq });
        read.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        batch.BatchCommands.Add(read);
        // Prepared statements survive the pooled connection's return, so this costs a round trip only once per connection.
        await batch.PrepareAsync(cancellationToken);

        var next = after;
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var watermark = new LogPosition(reader.GetInt64(0) - 1, long.MaxValue);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            next = new LogPosition(reader.GetInt64(0), reader.GetInt64(1));
            var hitId = reader.GetGuid(2);
            var kind = (HitKind)reader.GetInt16(3);
            var entityId = reader.GetInt64(4);
            var bot = reader.GetBoolean(5);
            var ipHash = HitRows.Text(reader, 6);
            DateTimeOffset? date = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7);
            long? recipientId = reader.IsDBNull(8) ? null : reader.GetInt64(8);
            var unresolved = entityId != 0 ? null : new Hit(hitId, kind, 0, 0, 0, date,
                HitRows.Text(reader, 9), ipHash, HitRows.Text(reader, 10), HitRows.Text(reader, 11), recipientId, bot) { Token = HitRows.Text(reader, 12) };
            buffer.Add(new LoggedHit(hitId, kind, entityId, bot, ipHash, recipientId, date, unresolved));
        }
        return new HitLogBatch(buffer, buffer.Count < limit && watermark.CompareTo(next) > 0 ? watermark : next);
    }

    /// <summary>
    /// Drains: accepts no more hits, commits everything already queued, then completes. If
    /// <paramref name="cancellationToken"/> fires first, the hits not yet written fail instead.
    /// </summary>
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
        var committing = Task.CompletedTask;
        // Ends once the queue is completed (stop) and empty (drained), and the last commit has ended.
        for (var turn = 0; await reader.WaitToReadAsync(); turn ^= 1)
        {
            var batch = batches[turn];
            while (batch.Count < MaxBatchSize && reader.TryRead(out var pending)) batch.Add(pending);
            var copied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var written = WriteBatchAsync(batch, copied);
            await copied.Task;
            // The batch that used this turn's list before is done: the loop waited for its commit one turn ago.
            await committing;
            committing = written;
        }
        await committing;
    }

    /// <summary>Writes and answers one batch; <paramref name="copied"/> completes once its rows are on the server (or it ended).</summary>
    private async Task WriteBatchAsync(List<Pending> batch, TaskCompletionSource copied)
    {
        try
        {
            await WriteAsync(batch, 0, batch.Count, copied);
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
            copied.TrySetResult();
        }
    }

    /// <summary>Writes batch[start..start+count) and answers those appends, retrying or splitting on failure.</summary>
    private async Task WriteAsync(List<Pending> batch, int start, int count, TaskCompletionSource copied)
    {
        // Attempts whose commit may have gone through without its answer reaching us: the hits carry no unique
        // key to catch a second copy, so the batch is written again only once each of them is known to have failed.
        var unsure = new List<long>();
        for (var attempt = 1; ; attempt++)
        {
            var transaction = new CopyTransaction();
            try
            {
                if (await AnyCommittedAsync(unsure))
                {
                    Committed(batch, start, count);
                    return;
                }
                await CopyAsync(batch, start, count, transaction, copied, _abort.Token);
            }
            catch (PostgresException exception) when (IsBadData(exception) && count > 1)
            {
                // The server rejected a row (e.g. a NUL in a text): retrying cannot help, so find the bad rows
                // by halving, and let the good ones commit instead of failing with them.
                var half = count / 2;
                await WriteAsync(batch, start, half, copied);
                await WriteAsync(batch, start + half, count - half, copied);
                return;
            }
            catch (Exception exception) when (!_abort.IsCancellationRequested && attempt < MaxAttempts && !(exception is PostgresException p && IsBadData(p)))
            {
                // Most likely a broken connection (server restart, failover, network): drop the pooled idle
                // connections, which are probably broken too, and try again on a fresh one.
                if (transaction.Xid is { } xid) unsure.Add(xid);
                _logger.LogWarning(exception, "Hit log commit of {Count} hits failed (attempt {Attempt} of {Max}); retrying", count, attempt, MaxAttempts);
                _dataSource.Clear();
                await Task.Delay(RetryDelay * (1 << (attempt - 1)));
                continue;
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Hit log commit of {Count} hits failed after {Attempts} attempts; failing those appends", count, attempt);
                for (var i = start; i < start + count; i++) batch[i].Done.TrySetException(exception);
                return;
            }

            Committed(batch, start, count);
            return;
        }
    }

    /// <summary>Whether one of the earlier attempts did commit; when none did, forgets them (the batch is nowhere).</summary>
    private async Task<bool> AnyCommittedAsync(List<long> unsure)
    {
        foreach (var xid in unsure)
        {
            if (await CommittedAsync(xid)) return true;
        }
        unsure.Clear();
        return false;
    }

    /// <summary>
    /// Whether a transaction whose commit was not confirmed did commit. One still in progress (its backend has not
    /// yet noticed that the client is gone) is ended first, so that the answer is final either way. Throws when
    /// no final answer can be had: the caller then retries later or fails the appends, never writes them twice.
    /// </summary>
    private async Task<bool> CommittedAsync(long xid)
    {
        for (var check = 0; check < 10; check++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(_abort.Token);
            await using (var status = new NpgsqlCommand(StatusCommand, connection))
            {
                status.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = xid });
                switch (await status.ExecuteScalarAsync(_abort.Token) as string)
                {
                    case "committed": return true;
                    case "aborted": return false;
                    case null: throw new InvalidOperationException($"The outcome of hit log transaction {xid} is no longer known.");
                }
            }
            if (check > 0) await Task.Delay(RetryDelay * check, _abort.Token);
            await using var end = new NpgsqlCommand(EndCommand, connection);
            end.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = xid });
            await end.ExecuteNonQueryAsync(_abort.Token);
        }
        throw new InvalidOperationException($"Hit log transaction {xid} is still in progress.");
    }

    /// <summary>Data or constraint errors: the rows themselves are at fault, not the connection.</summary>
    private static bool IsBadData(PostgresException exception) =>
        exception.SqlState.StartsWith("22", StringComparison.Ordinal) || exception.SqlState.StartsWith("23", StringComparison.Ordinal);

    private async Task CopyAsync(List<Pending> batch, int start, int count, CopyTransaction attempt, TaskCompletionSource copied, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Known before the commit is sent, so that a commit whose answer is lost can be looked up instead of repeated.
        var xid = await CurrentXidAsync(connection, transaction, cancellationToken);
        attempt.Xid = xid;
        await CopyRowsAsync(connection, xid, batch.Skip(start).Take(count).Select(pending => pending.Hit), count, cancellationToken);
        // The next batch may be copied while this one commits.
        copied.TrySetResult();
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writes hits in the connection's current transaction.</summary>
    internal static async Task CopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Hit> hits, CancellationToken cancellationToken)
    {
        var xid = await CurrentXidAsync(connection, transaction, cancellationToken);
        await CopyRowsAsync(connection, xid, hits, hits.Count, cancellationToken);
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, long xid, IEnumerable<Hit> hits, int count, CancellationToken cancellationToken)
    {
        // Encoded first, sent whole: one write to the server, and the rows cost no converter look-ups.
        var rows = new ArrayBufferWriter<byte>(Math.Max(256, count * 160));
        HitCopyRows.WriteHeader(rows);
        // In the indexes' order: by partition (the tailers' index), then pixel or link (the data endpoints'), so
        // that consecutive index inserts land on the same or nearby pages instead of anywhere (PostgreSQL ~3 µs
        // less per spread hit, measured). OrderBy is stable: one pixel's hits keep their order.
        foreach (var hit in hits.OrderBy(row => (row.Partition, row.Kind, row.EntityId))) HitCopyRows.WriteRow(rows, xid, hit);
        HitCopyRows.WriteTrailer(rows);
        await using var copy = await connection.BeginRawBinaryCopyAsync(CopyCommand, cancellationToken);
        await copy.WriteAsync(rows.WrittenMemory, cancellationToken);
        // Ending the stream ends the COPY; a row the server rejects throws here. Nothing commits before the caller's COMMIT.
    }

    private static async Task<long> CurrentXidAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(XidCommand, connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Answers the committed appends, then wakes the tailers of the partitions that received rows, once per commit.</summary>
    private void Committed(List<Pending> batch, int start, int count)
    {
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
    private sealed class CopyTransaction
    {
        public long? Xid { get; set; }
    }
}
