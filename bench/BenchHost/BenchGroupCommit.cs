using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.BenchHost;

/// <summary>
/// The reference point for the pipeline: plain ASP.NET answering after a shared COPY commit, with no
/// Orleans, no hit record, no consumers and no index but the table's key. One batch at a time: whatever queued
/// while the last one committed is written with one COPY in one transaction, then all of it is answered.
/// </summary>
public sealed class BenchGroupCommit(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private const string Copy = "COPY mt_bench_hits (ip, user_agent) FROM STDIN (FORMAT BINARY)";

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private Task? _writeLoop;

    public Task AppendAsync(string? ip, string? userAgent)
    {
        // Started by the first append, not at start-up: the silo runs without PostgreSQL in embedded mode.
        lock (_lock) _writeLoop ??= Task.Run(WriteLoopAsync);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(ip, userAgent, done))) done.TrySetException(new ObjectDisposedException(nameof(BenchGroupCommit)));
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? writeLoop;
        lock (_lock) writeLoop = _writeLoop;
        if (writeLoop is not null) await writeLoop;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (_queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var import = await connection.BeginBinaryImportAsync(Copy))
                {
                    foreach (var pending in batch)
                    {
                        import.StartRow();
                        Write(import, pending.Ip);
                        Write(import, pending.UserAgent);
                    }
                    await import.CompleteAsync();
                }
                await transaction.CommitAsync();
                foreach (var pending in batch) pending.Done.TrySetResult();
            }
            catch (Exception exception)
            {
                foreach (var pending in batch) pending.Done.TrySetException(exception);
            }
            batch.Clear();
        }
    }

    private static void Write(NpgsqlBinaryImporter import, string? value)
    {
        if (value is null) import.WriteNull();
        else import.Write(value, NpgsqlDbType.Text);
    }

    private readonly record struct Pending(string? Ip, string? UserAgent, TaskCompletionSource Done);
}
