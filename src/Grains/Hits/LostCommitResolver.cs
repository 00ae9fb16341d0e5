using MailTracker.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Finds out whether a group commit whose answer was lost (a broken connection after COMMIT was sent) did commit: hits carry
/// no unique key that would catch a second copy, so a batch is written again only once every earlier attempt is known to have
/// failed. The writer knows each attempt's transaction id before it commits; <c>pg_xact_status</c> tells its outcome.
/// </summary>
public sealed class LostCommitResolver(NpgsqlDataSource dataSource, MailTrackerMetrics metrics)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    private const string StatusCommand = "SELECT pg_xact_status(@xid::text::xid8)";

    // A transaction whose client has gone but whose backend has not noticed yet: ended, so that its outcome is final.
    // backend_xid is the 32-bit xid: the low half of the 64-bit one (xid8) that the rows and pg_xact_status use.
    private const string EndCommand = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_xid::text::bigint = @xid & 4294967295";

    /// <summary>Whether one of the earlier attempts did commit; when none did, forgets them (the batch is nowhere).</summary>
    public async Task<bool> AnyCommittedAsync(List<long> unsure, CancellationToken cancellationToken)
    {
        foreach (var xid in unsure)
        {
            if (await CommittedAsync(xid, cancellationToken)) return true;
        }
        unsure.Clear();
        return false;
    }

    /// <summary>
    /// Whether a transaction whose commit was not confirmed did commit. One still in progress (its backend has not
    /// yet noticed that the client is gone) is ended first, so that the answer is final either way. Throws when
    /// no final answer can be had: the caller then retries later or fails the appends, never writes them twice.
    /// </summary>
    public async Task<bool> CommittedAsync(long xid, CancellationToken cancellationToken)
    {
        try
        {
            var committed = await LookUpAsync(xid, cancellationToken);
            metrics.LostCommitLookedUp(committed ? LostCommitOutcome.Committed : LostCommitOutcome.Aborted);
            return committed;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.LostCommitLookedUp(LostCommitOutcome.Unknown);
            throw;
        }
    }

    private async Task<bool> LookUpAsync(long xid, CancellationToken cancellationToken)
    {
        for (var check = 0; check < 10; check++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var status = new NpgsqlCommand(StatusCommand, connection))
            {
                status.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = xid });
                switch (await status.ExecuteScalarAsync(cancellationToken) as string)
                {
                    case "committed": return true;
                    case "aborted": return false;
                    case null: throw new InvalidOperationException($"The outcome of hit log transaction {xid} is no longer known.");
                }
            }
            if (check > 0) await Task.Delay(RetryDelay * check, cancellationToken);
            await using var end = new NpgsqlCommand(EndCommand, connection);
            end.Parameters.Add(new NpgsqlParameter<long>("xid", NpgsqlDbType.Bigint) { TypedValue = xid });
            await end.ExecuteNonQueryAsync(cancellationToken);
        }
        throw new InvalidOperationException($"Hit log transaction {xid} is still in progress.");
    }
}
