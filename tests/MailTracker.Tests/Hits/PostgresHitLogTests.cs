using System.Collections.Concurrent;
using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Silo.Database;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailTracker.Tests.Hits;

/// <summary>
/// What only the PostgreSQL hit log does: group commit, lost commits, broken connections, and commit-order reads while
/// transactions commit out of order. What both backends do is in <see cref="HitStoreContract"/>.
/// </summary>
public sealed class PostgresHitLogTests
{
    [Fact]
    public async Task Concurrent_appends_are_group_committed_once_each_and_signalled()
    {
        await using var dataSource = await CreateDatabaseAsync("hitappend");
        var signal = new RecordingSignal();
        await using var log = Writer(dataSource, signal);

        const int count = 2000;
        var hits = Enumerable.Range(0, count).Select(i => NewHit(entityId: 1000 + i)).ToList();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var mine = new List<Task>();
            for (var i = worker; i < count; i += 16) mine.Add(log.AppendAsync(hits[i]));
            await Task.WhenAll(mine);
        })));

        await using (var command = dataSource.CreateCommand("SELECT hit_id, count(*) FROM mt_hits GROUP BY hit_id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            var rows = new Dictionary<Guid, long>();
            while (await reader.ReadAsync()) rows.Add(reader.GetGuid(0), reader.GetInt64(1));
            Assert.Equal(count, rows.Count);
            Assert.All(hits, h => Assert.Equal(1, rows[h.HitId]));
        }

        // One signal per commit: far fewer commits than hits, and every partition that got rows was named.
        Assert.InRange(signal.Calls, 1, count / 4);
        Assert.Equal(hits.Select(h => h.Partition).Distinct().Order(), signal.Partitions.Keys.Order());
        Assert.All(signal.Batches, b => Assert.Equal(b.Distinct().Count(), b.Count));
    }

    [Fact]
    public async Task Read_pages_one_partition_in_order_without_gaps_or_repeats()
    {
        await using var dataSource = await CreateDatabaseAsync("hitread");
        await using var log = Writer(dataSource, new RecordingSignal());
        var reader = new HitLogReader(dataSource);

        // Entities 3, 11, 19, ... share partition 3; 4, 12, ... are partition 4 and must not show up.
        var expected = new List<Hit>();
        for (var i = 0; i < 23; i++)
        {
            var hit = i % 2 == 0
                ? NewHit(entityId: 3 + 8 * i, full: true, bot: i % 3 == 0)
                : NewHit(entityId: 3 + 8 * i, full: false, kind: HitKind.Click);
            expected.Add(hit);
            await log.AppendAsync(hit);
            await log.AppendAsync(NewHit(entityId: 4 + 8 * i));
        }
        // Several in one commit keep their order too.
        var together = Enumerable.Range(0, 7).Select(i => NewHit(entityId: 3 + 8 * (100 + i), full: true)).ToList();
        await Task.WhenAll(together.Select(h => log.AppendAsync(h)));
        var read = await ReadAllAsync(reader, 3, LogPosition.Start, limit: 4, expected: expected.Count + together.Count);
        // What deciding needs, nothing more: the request's fields stay in the row until the data endpoints read it.
        Assert.Equal(expected.Concat(together).Select(Logged), HitStoreContract.Unplaced(read.Hits));

        // Reading on from the end gives nothing and never moves the position back.
        var after = await reader.ReadAsync(3, read.Next, 10, []);
        Assert.Empty(after.Hits);
        Assert.True(after.Next.CompareTo(read.Next) >= 0);

        Assert.Equal(23, (await ReadAllAsync(reader, 4, LogPosition.Start, limit: 5, expected: 23)).Hits.Count);
        Assert.Empty((await reader.ReadAsync(5, LogPosition.Start, 10, [])).Hits);
    }

    [Fact]
    public async Task A_row_with_a_lower_seq_that_commits_last_is_neither_skipped_nor_repeated()
    {
        await using var dataSource = await CreateDatabaseAsync("hitorder");
        await using var log = Writer(dataSource, new RecordingSignal());
        var reader = new HitLogReader(dataSource);
        const long entity = 8 * 7 + 2;
        const int partition = 2;

        var first = NewHit(entity);
        await log.AppendAsync(first);
        var position = LogPosition.Start;
        var seen = new List<LoggedHit>();
        position = await ReadUntilAsync(reader, partition, position, seen, 1);
        Assert.Equal(new[] { Logged(first) }, HitStoreContract.Unplaced(seen));

        // A takes the lower xid and the lower seq but stays open; B commits after it, through the log.
        var a = NewHit(entity, full: true);
        await using var connectionA = await dataSource.OpenConnectionAsync();
        await using var transactionA = await connectionA.BeginTransactionAsync();
        await InsertAsync(connectionA, a);
        var b = NewHit(entity);
        await log.AppendAsync(b);

        var (seqA, xidA) = await PositionOfAsync(dataSource, a.HitId, connectionA);
        var (seqB, xidB) = await PositionOfAsync(dataSource, b.HitId);
        Assert.True(seqA < seqB && xidA < xidB, "the test must force the lower seq to commit last");

        // While A is open, B is held back (watermark): a reader that took B now would have to skip A later.
        position = await ReadInto(reader, partition, position, seen);
        Assert.Equal(new[] { Logged(first) }, HitStoreContract.Unplaced(seen));

        await transactionA.CommitAsync();
        position = await ReadUntilAsync(reader, partition, position, seen, 3);
        Assert.Equal(new[] { first, a, b }.Select(Logged), HitStoreContract.Unplaced(seen));
        Assert.True(position.CompareTo(new LogPosition(xidB, seqB)) >= 0);
    }

    [Fact]
    public async Task A_row_with_a_lower_seq_but_a_higher_xid_is_read_in_xid_order_after_it_commits()
    {
        await using var dataSource = await CreateDatabaseAsync("hitxid");
        await using var log = Writer(dataSource, new RecordingSignal());
        var reader = new HitLogReader(dataSource);
        const long entity = 8 + 5;
        const int partition = 5;

        // C takes its xid first; A then inserts (lower seq, higher xid); C inserts and commits; A commits last.
        await using var connectionC = await dataSource.OpenConnectionAsync();
        await using var transactionC = await connectionC.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", connectionC)) await xid.ExecuteScalarAsync();
        await using var connectionA = await dataSource.OpenConnectionAsync();
        await using var transactionA = await connectionA.BeginTransactionAsync();
        var a = NewHit(entity);
        await InsertAsync(connectionA, a);
        var c = NewHit(entity, full: true);
        await InsertAsync(connectionC, c);
        await transactionC.CommitAsync();

        var seen = new List<LoggedHit>();
        var position = await ReadUntilAsync(reader, partition, LogPosition.Start, seen, 1);
        Assert.Equal(new[] { Logged(c) }, HitStoreContract.Unplaced(seen));

        var b = NewHit(entity);
        await log.AppendAsync(b);
        position = await ReadInto(reader, partition, position, seen);
        Assert.Equal(new[] { Logged(c) }, HitStoreContract.Unplaced(seen));

        await transactionA.CommitAsync();
        await ReadUntilAsync(reader, partition, position, seen, 3);
        Assert.Equal(new[] { c, a, b }.Select(Logged), HitStoreContract.Unplaced(seen));
    }

    [Fact]
    public async Task Appends_made_right_before_stopping_are_all_committed()
    {
        await using var dataSource = await CreateDatabaseAsync("hitdrain");
        var signal = new RecordingSignal();
        var log = Writer(dataSource, signal);
        var hits = Enumerable.Range(0, 5000).Select(i => NewHit(entityId: i)).ToList();
        var appends = hits.Select(h => log.AppendAsync(h)).ToList();

        await log.DisposeAsync();

        Assert.All(appends, t => Assert.True(t.IsCompletedSuccessfully));
        await using (var command = dataSource.CreateCommand("SELECT count(DISTINCT hit_id), count(*) FROM mt_hits"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.Equal(hits.Count, reader.GetInt64(0));
            Assert.Equal(hits.Count, reader.GetInt64(1));
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => log.AppendAsync(NewHit(1)));
    }

    [Fact]
    public async Task A_broken_connection_is_retried_and_a_bad_row_fails_only_itself()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("hitretry");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).ApplyAsync(CancellationToken.None);
        var logger = new RecordingLogger();
        await using var log = Writer(dataSource, new RecordingSignal(), logger);
        await log.AppendAsync(NewHit(1));

        // Kill the writer's pooled connection from another pool: the next commit fails once and is retried.
        await using (var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "admin" }.ConnectionString))
        await using (var kill = admin.CreateCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        {
            Assert.True((long)(await kill.ExecuteScalarAsync())! >= 1);
        }
        await log.AppendAsync(NewHit(2));
        Assert.Contains(LogLevel.Warning, logger.Levels);

        // A NUL is not valid in PostgreSQL text: that hit fails, the others queued with it commit.
        var good = Enumerable.Range(0, 50).Select(i => NewHit(100 + i)).ToList();
        var bad = NewHit(3) with { UserAgent = "evil\0agent" };
        var goodAppends = good.Take(25).Select(h => log.AppendAsync(h)).ToList();
        var badAppend = log.AppendAsync(bad);
        goodAppends.AddRange(good.Skip(25).Select(h => log.AppendAsync(h)));
        await Task.WhenAll(goodAppends);
        Assert.Equal("22021", (await Assert.ThrowsAsync<PostgresException>(() => badAppend)).SqlState);

        await using var command = dataSource.CreateCommand("SELECT count(*) FROM mt_hits");
        Assert.Equal(52L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_commit_whose_answer_was_lost_is_looked_up_not_written_again()
    {
        var (proxy, dataSource) = await ProxiedDatabaseAsync("hitlost");
        await using var _ = proxy;
        await using var __ = dataSource;
        var logger = new RecordingLogger();
        await using var log = Writer(dataSource, new RecordingSignal(), logger);
        await log.AppendAsync(NewHit(1));

        // The batch commits, but the writer only sees its connection break: it must answer, and not write it again.
        proxy.DropNextCommit();
        var hits = await AppendManyAsync(log);
        Assert.Equal(1, proxy.Dropped);
        Assert.Contains(LogLevel.Warning, logger.Levels);
        await AssertStoredOnceAsync(dataSource, hits, total: 21);
    }

    [Fact]
    public async Task A_commit_left_in_progress_by_a_lost_client_is_ended_and_the_batch_written_once()
    {
        var (proxy, dataSource) = await ProxiedDatabaseAsync("hitheld");
        await using var _ = proxy;
        await using var __ = dataSource;
        await using var log = Writer(dataSource, new RecordingSignal(), new RecordingLogger());
        await log.AppendAsync(NewHit(1));

        // The COMMIT never reaches the server, whose backend keeps the transaction open: the writer must end it
        // (it can only then know that nothing was written) and write the batch again.
        proxy.HoldNextCommit();
        var hits = await AppendManyAsync(log);
        Assert.Equal(1, proxy.Held);
        await AssertStoredOnceAsync(dataSource, hits, total: 21);
    }

    /// <summary>A migrated database reached through a <see cref="LostCommitProxy"/>.</summary>
    private static async Task<(LostCommitProxy Proxy, NpgsqlDataSource DataSource)> ProxiedDatabaseAsync(string purpose)
    {
        var direct = new NpgsqlConnectionStringBuilder(await (await PostgresServer.GetAsync()).CreateDatabaseAsync(purpose));
        await using (var migrations = NpgsqlDataSource.Create(direct.ConnectionString))
        {
            await new DatabaseMigrator(migrations, NullLogger<DatabaseMigrator>.Instance).ApplyAsync(CancellationToken.None);
        }
        var proxy = new LostCommitProxy(direct.Host!, direct.Port);
        var proxied = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, SslMode = SslMode.Disable };
        return (proxy, NpgsqlDataSource.Create(proxied.ConnectionString));
    }

    private static async Task<List<Hit>> AppendManyAsync(GroupCommitWriter log)
    {
        var hits = Enumerable.Range(0, 20).Select(i => NewHit(10 + i)).ToList();
        await Task.WhenAll(hits.Select(h => log.AppendAsync(h)));
        return hits;
    }

    private static async Task AssertStoredOnceAsync(NpgsqlDataSource dataSource, List<Hit> hits, int total)
    {
        await using var command = dataSource.CreateCommand("SELECT hit_id, count(*) FROM mt_hits GROUP BY hit_id");
        var rows = new Dictionary<Guid, long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) rows.Add(reader.GetGuid(0), reader.GetInt64(1));
        }
        Assert.Equal(total, rows.Count);
        Assert.All(hits, h => Assert.Equal(1, rows[h.HitId]));
    }

    private static Task<NpgsqlDataSource> CreateDatabaseAsync(string purpose) => MigratedDatabase.CreateAsync(purpose);

    private static Hit NewHit(long entityId, bool full = false, bool bot = false, HitKind kind = HitKind.Open)
    {
        if (!full) return new Hit(Guid.NewGuid(), kind, entityId, entityId * 10, 7, null, null, null, null, null, null, bot);
        // Microseconds only (PostgreSQL's precision) and a non-UTC offset: the instant is what must survive.
        var date = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(Random.Shared.Next(10_000_000) / 10 * 10);
        return new Hit(Guid.NewGuid(), kind, entityId, entityId * 10, 7, date, "2001:db8::1", "h" + Guid.NewGuid().ToString("N")[..8],
            "Mozilla/5.0 (ünïcode ✓)", "{\"campaign\":\"x\"}", long.MaxValue - entityId, bot);
    }

    /// <summary>
    /// Reads pages until one is empty; with <paramref name="expected"/>, until that many came: the log shows a commit only once
    /// no older transaction of the server is in flight, and the tests of other classes share the server.
    /// </summary>
    private static async Task<HitLogBatch> ReadAllAsync(HitLogReader reader, int partition, LogPosition after, int limit, int expected = 0)
    {
        var hits = new List<LoggedHit>();
        var position = after;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var batch = await reader.ReadAsync(partition, position, limit, []);
            Assert.True(batch.Hits.Count <= limit);
            hits.AddRange(batch.Hits);
            if (batch.Hits.Count == 0 && hits.Count < expected && DateTime.UtcNow < deadline)
            {
                Assert.True(batch.Next.CompareTo(position) >= 0);
                position = batch.Next;
                await Task.Delay(25);
                continue;
            }
            if (batch.Hits.Count == 0)
            {
                // Caught up: the position may move on to the watermark, never back.
                Assert.True(batch.Next.CompareTo(position) >= 0);
                return new HitLogBatch(hits, batch.Next);
            }
            Assert.True((batch.Next.Xid, batch.Next.Seq).CompareTo((position.Xid, position.Seq)) > 0);
            position = batch.Next;
        }
    }

    private static async Task<LogPosition> ReadInto(HitLogReader reader, int partition, LogPosition after, List<LoggedHit> seen)
    {
        var batch = await ReadAllAsync(reader, partition, after, limit: 2);
        seen.AddRange(batch.Hits);
        return batch.Next;
    }

    /// <summary>
    /// Reads until <paramref name="count"/> hits were seen: the watermark is the whole server's oldest open
    /// transaction, so a test in another database of the same server can hold rows back for a moment.
    /// </summary>
    private static async Task<LogPosition> ReadUntilAsync(HitLogReader reader, int partition, LogPosition after, List<LoggedHit> seen, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var position = await ReadInto(reader, partition, after, seen);
        while (seen.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            position = await ReadInto(reader, partition, position, seen);
        }
        return position;
    }

    private static LoggedHit Logged(Hit hit) => LoggedHit.Of(hit);

    private static GroupCommitWriter Writer(NpgsqlDataSource dataSource, IHitCommitSignal signal, ILogger<GroupCommitWriter>? logger = null) =>
        new(dataSource, new LostCommitResolver(dataSource, TestMetrics.Create()), signal, TestMetrics.Create(), TimeProvider.System,
            logger ?? NullLogger<GroupCommitWriter>.Instance);

    private static async Task InsertAsync(NpgsqlConnection connection, Hit hit)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO mt_hits (partition, hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot)
            VALUES (@partition, @id, @kind, @entity, @tracking, @account, @date, @ip, @ip_hash, @agent, @custom, @recipient, @bot)
            """, connection);
        command.Parameters.AddWithValue("partition", (short)hit.Partition);
        command.Parameters.AddWithValue("id", hit.HitId);
        command.Parameters.AddWithValue("kind", (short)hit.Kind);
        command.Parameters.AddWithValue("entity", hit.EntityId);
        command.Parameters.AddWithValue("tracking", hit.TrackingId);
        command.Parameters.AddWithValue("account", hit.AccountId);
        command.Parameters.AddWithValue("date", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)hit.Date?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("ip", NpgsqlTypes.NpgsqlDbType.Text, (object?)hit.IpAddress ?? DBNull.Value);
        command.Parameters.AddWithValue("ip_hash", NpgsqlTypes.NpgsqlDbType.Text, (object?)hit.IpHash ?? DBNull.Value);
        command.Parameters.AddWithValue("agent", NpgsqlTypes.NpgsqlDbType.Text, (object?)hit.UserAgent ?? DBNull.Value);
        command.Parameters.AddWithValue("custom", NpgsqlTypes.NpgsqlDbType.Text, (object?)hit.CustomData ?? DBNull.Value);
        command.Parameters.AddWithValue("recipient", NpgsqlTypes.NpgsqlDbType.Bigint, (object?)hit.RecipientId ?? DBNull.Value);
        command.Parameters.AddWithValue("bot", hit.Bot);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads a row's (seq, xid); an uncommitted row only through its own connection.</summary>
    private static async Task<(long Seq, long Xid)> PositionOfAsync(NpgsqlDataSource dataSource, Guid hitId, NpgsqlConnection? connection = null)
    {
        await using var command = connection is null ? dataSource.CreateCommand() : new NpgsqlCommand { Connection = connection };
        command.CommandText = "SELECT seq, xid FROM mt_hits WHERE hit_id = @id";
        command.Parameters.AddWithValue("id", hitId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private sealed class RecordingLogger : ILogger<GroupCommitWriter>
    {
        public ConcurrentQueue<LogLevel> Levels { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Levels.Enqueue(logLevel);
    }

    private sealed class RecordingSignal : IHitCommitSignal
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ConcurrentDictionary<int, int> Partitions { get; } = new();

        public ConcurrentQueue<IReadOnlyCollection<int>> Batches { get; } = new();

        public void Committed(IReadOnlyCollection<int> partitions)
        {
            Interlocked.Increment(ref _calls);
            Batches.Enqueue(partitions);
            foreach (var p in partitions) Partitions.AddOrUpdate(p, 1, (_, n) => n + 1);
        }
    }
}
