using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Silo.Bench;

/// <summary>
/// The reference point for the pipeline: plain ASP.NET answering after a shared COPY commit, with no
/// Orleans, no hit record, no consumers and no index but the table's key. One batch at a time: whatever queued
/// while the last one committed is written with one COPY in one transaction, then all of it is answered.
/// </summary>
internal static class BenchGroupCommit
{
    private const string Copy = "COPY mt_bench_hits (ip, user_agent) FROM STDIN (FORMAT BINARY)";

    private static readonly Channel<Pending> Queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private static int _started;

    public static Task AppendAsync(NpgsqlDataSource dataSource, string? ip, string? userAgent)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) _ = Task.Run(() => WriteLoopAsync(dataSource));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Writer.TryWrite(new Pending(ip, userAgent, done));
        return done.Task;
    }

    private static async Task WriteLoopAsync(NpgsqlDataSource dataSource)
    {
        var batch = new List<Pending>();
        while (await Queue.Reader.WaitToReadAsync())
        {
            while (Queue.Reader.TryRead(out var pending)) batch.Add(pending);
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
