using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Silo.Database;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailTracker.Tests.Hits;

/// <summary>
/// The pages of an entity's hits in PostgreSQL (migration 0019): written by the consumption commit, back-filled for what a silo
/// of the previous version consumed without them (and by the migration for what was consumed before it), and what the data
/// endpoints read through them, right before and after a back-fill.
/// </summary>
public sealed class PostgresHitPagesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_consumption_pages_each_entitys_counted_hits_in_log_order_and_moves_the_marker_to_its_position(bool placesSent)
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(placesSent ? "hitpagessent" : "hitpages");
        await using var log = Writer(dataSource);
        const long pixel = 8 * 41 + 3, link = 8 * 42 + 3;
        var hits = new[] { HitStoreContract.NewHit(pixel), HitStoreContract.NewHit(link, kind: HitKind.Click), HitStoreContract.NewHit(pixel), HitStoreContract.NewHit(pixel) };
        foreach (var hit in hits) await log.AppendAsync(hit);
        var read = await HitStoreContract.ReadUntilAsync(new HitLogReader(dataSource), 3, LogPosition.Start, hits.Length);

        // The second pixel hit counts nothing (discarded): it is on no page.
        await new ConsumptionCommit(dataSource).CommitAsync(3, new HitConsumption(read.Next,
            [new CountedHits(HitKind.Open, pixel, new HitCounts(2, 0)), new CountedHits(HitKind.Click, link, new HitCounts(1, 0))], [hits[2].HitId], [], [])
        {
            Places = placesSent ? PlacesOf(read, hits[2].HitId) : null,
        });

        Assert.Equal([[hits[0].HitId, hits[3].HitId]], await PagesAsync(dataSource, HitKind.Open, pixel));
        Assert.Equal([[hits[1].HitId]], await PagesAsync(dataSource, HitKind.Click, link));
        Assert.Equal(read.Next, await MarkerAsync(dataSource, 3));
    }

    [Fact]
    public async Task Hits_an_old_silo_consumed_are_read_before_the_back_fill_and_paged_once_by_two_back_fills_at_once()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync("hitbackfill");
        await using var log = Writer(dataSource);
        var data = new PostgresHitDataStore(dataSource);
        const long pixel = 8 * 43 + 5, link = 8 * 44 + 5;
        const int partition = 5;
        // More than a page holds, all at once (several group commits), and a link's.
        var hits = Enumerable.Range(0, HitPages.Capacity + 500).Select(i => HitStoreContract.NewHit(pixel))
            .Concat(Enumerable.Range(0, 3).Select(_ => HitStoreContract.NewHit(link, kind: HitKind.Click))).ToList();
        await Task.WhenAll(hits.Select(h => log.AppendAsync(h)));
        var read = await HitStoreContract.ReadUntilAsync(new HitLogReader(dataSource), partition, LogPosition.Start, hits.Count);
        var newest = Enumerable.Reverse(read.Hits).Where(h => h.EntityId == pixel).Select(h => h.HitId).ToList();
        await ConsumeAsOldSiloAsync(dataSource, partition, read.Next);

        // Unpaged: read from the tail index, the same as once paged.
        async Task AssertReadsAsync()
        {
            foreach (var (offset, limit) in new[] { (0, 100), (HitPages.Capacity - 10, 20), (2_490, 100) })
            {
                Assert.Equal(newest.Skip(offset).Take(limit), (await data.PageAsync(HitKind.Open, pixel, offset, limit)).Select(h => h.HitId));
            }
            Assert.Equal(3, (await data.TrackingPageAsync(pixel, [link], 0, 100)).Count(h => h.Kind == HitKind.Click));
        }
        await AssertReadsAsync();
        Assert.Empty(await PagesAsync(dataSource, HitKind.Open, pixel));

        var chunks = await Task.WhenAll(new HitPageBackfill(dataSource).RunAsync(), new HitPageBackfill(dataSource).RunAsync());
        Assert.True(chunks.Sum() >= 1);
        var pages = await PagesAsync(dataSource, HitKind.Open, pixel);
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.True(p.Count <= HitPages.Capacity));
        Assert.Equal(Enumerable.Reverse(newest), pages.SelectMany(p => p));
        Assert.Equal(read.Next, await MarkerAsync(dataSource, partition));
        await AssertReadsAsync();
        Assert.Equal(0, await new HitPageBackfill(dataSource).RunAsync());

        // Deleting the pixel deletes its rows through its pages.
        await data.DeleteAsync(HitKind.Open, pixel);
        Assert.Empty(await data.PageAsync(HitKind.Open, pixel, 0, 10));
        Assert.Empty(await PagesAsync(dataSource, HitKind.Open, pixel));
        await using var rows = dataSource.CreateCommand($"SELECT count(*) FROM mt_hits WHERE entity_id = {pixel}");
        Assert.Equal(0L, (long)(await rows.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_commit_after_an_old_silos_consumption_pages_the_range_it_left_as_well(bool placesSent)
    {
        // A tailer's places cover only its own batch: behind the marker, the commit still pages the whole range from the log.
        await using var dataSource = await MigratedDatabase.CreateAsync(placesSent ? "hitholesent" : "hithole");
        await using var log = Writer(dataSource);
        var reader = new HitLogReader(dataSource);
        const long pixel = 8 * 45 + 6;
        const int partition = 6;
        var before = new[] { HitStoreContract.NewHit(pixel), HitStoreContract.NewHit(pixel) };
        foreach (var hit in before) await log.AppendAsync(hit);
        var old = await HitStoreContract.ReadUntilAsync(reader, partition, LogPosition.Start, before.Length);
        await ConsumeAsOldSiloAsync(dataSource, partition, old.Next);

        var after = HitStoreContract.NewHit(pixel);
        await log.AppendAsync(after);
        var read = await HitStoreContract.ReadUntilAsync(reader, partition, old.Next, 1);
        await new ConsumptionCommit(dataSource).CommitAsync(partition, new HitConsumption(read.Next, [new CountedHits(HitKind.Open, pixel, new HitCounts(1, 0))], [], [], [])
        {
            Places = placesSent ? PlacesOf(read) : null,
        });

        Assert.Equal([[before[0].HitId, before[1].HitId, after.HitId]], await PagesAsync(dataSource, HitKind.Open, pixel));
        Assert.Equal([after.HitId, before[1].HitId, before[0].HitId], (await new PostgresHitDataStore(dataSource).PageAsync(HitKind.Open, pixel, 0, 10)).Select(h => h.HitId));
    }

    [Fact]
    public async Task The_migration_pages_the_hits_consumed_before_it_and_drops_the_entity_index()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("hitpagesmigration");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplyMigrationsBeforeAsync(dataSource, 19);
        await using var log = Writer(dataSource);
        const long pixel = 8 * 46 + 1;
        var hits = Enumerable.Range(0, 5).Select(_ => HitStoreContract.NewHit(pixel)).ToList();
        foreach (var hit in hits) await log.AppendAsync(hit);
        var read = await HitStoreContract.ReadUntilAsync(new HitLogReader(dataSource), 1, LogPosition.Start, hits.Count);
        await ConsumeAsOldSiloAsync(dataSource, 1, read.Next);
        var undecided = HitStoreContract.NewHit(pixel);
        await log.AppendAsync(undecided);

        Assert.Equal([19], await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).ApplyAsync(CancellationToken.None));

        Assert.Equal([hits.Select(h => h.HitId).ToList()], await PagesAsync(dataSource, HitKind.Open, pixel));
        Assert.Equal(read.Next, await MarkerAsync(dataSource, 1));
        Assert.Equal(LogPosition.Start, await MarkerAsync(dataSource, 2));
        Assert.Equal(Enumerable.Reverse(hits).Select(h => h.HitId), (await new PostgresHitDataStore(dataSource).PageAsync(HitKind.Open, pixel, 0, 10)).Select(h => h.HitId));
        await using var index = dataSource.CreateCommand("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_mt_hits_entity'");
        Assert.Equal(0L, (long)(await index.ExecuteScalarAsync())!);
    }

    private static GroupCommitWriter Writer(NpgsqlDataSource dataSource) =>
        new(dataSource, new LostCommitResolver(dataSource, TestMetrics.Create()), new NoSignal(), TestMetrics.Create(), TimeProvider.System,
            NullLogger<GroupCommitWriter>.Instance);

    /// <summary>What a silo of the version before pages did on a consumption: it moves the position only.</summary>
    private static async Task ConsumeAsOldSiloAsync(NpgsqlDataSource dataSource, int partition, LogPosition next)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO mt_log_positions (partition, xid, seq) VALUES (@p, @x, @s) ON CONFLICT (partition) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq");
        command.Parameters.Add(new NpgsqlParameter<short>("p", (short)partition));
        command.Parameters.Add(new NpgsqlParameter<long>("x", next.Xid));
        command.Parameters.Add(new NpgsqlParameter<long>("s", next.Seq));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A database as the previous version left it: the migrations before <paramref name="version"/>, recorded as applied.</summary>
    private static async Task ApplyMigrationsBeforeAsync(NpgsqlDataSource dataSource, int version)
    {
        await using (var table = dataSource.CreateCommand("CREATE TABLE mt_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"))
        {
            await table.ExecuteNonQueryAsync();
        }
        foreach (var migration in DatabaseMigrator.Embedded.Where(m => m.Version < version))
        {
            await using var apply = dataSource.CreateCommand(migration.Sql);
            await apply.ExecuteNonQueryAsync();
            await using var record = dataSource.CreateCommand("INSERT INTO mt_schema_migrations (version, name) VALUES (@v, @n)");
            record.Parameters.Add(new NpgsqlParameter<int>("v", migration.Version));
            record.Parameters.Add(new NpgsqlParameter<string>("n", migration.Name));
            await record.ExecuteNonQueryAsync();
        }
    }

    /// <summary>An entity's pages, oldest first, each as the hit ids of its places in log order.</summary>
    private static async Task<List<List<Guid>>> PagesAsync(NpgsqlDataSource dataSource, HitKind kind, long entityId)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT pg.upto_xid, pg.upto_seq, h.hit_id, pg.hits
            FROM mt_hit_pages pg CROSS JOIN LATERAL unnest(pg.xids, pg.seqs) WITH ORDINALITY AS u (xid, seq, n)
            LEFT JOIN mt_hits h ON h.partition = pg.partition AND h.xid = u.xid AND h.seq = u.seq
            WHERE pg.kind = @kind AND pg.entity_id = @entity
            ORDER BY pg.upto_xid, pg.upto_seq, u.n
            """);
        command.Parameters.Add(new NpgsqlParameter<short>("kind", (short)kind));
        command.Parameters.Add(new NpgsqlParameter<long>("entity", entityId));
        var pages = new List<List<Guid>>();
        (long, long)? current = null;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var upto = (reader.GetInt64(0), reader.GetInt64(1));
            if (upto != current) pages.Add([]);
            current = upto;
            pages[^1].Add(reader.IsDBNull(2) ? Guid.Empty : reader.GetGuid(2));
        }
        return pages;
    }

    private static async Task<LogPosition> MarkerAsync(NpgsqlDataSource dataSource, int partition)
    {
        await using var command = dataSource.CreateCommand("SELECT xid, seq FROM mt_hits_paged WHERE partition = @p");
        command.Parameters.Add(new NpgsqlParameter<short>("p", (short)partition));
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new LogPosition(reader.GetInt64(0), reader.GetInt64(1)) : LogPosition.Start;
    }

    /// <summary>The places a tailer sends with its commit: each entity's counted hits of the batch, in log order.</summary>
    private static CountedPlaces PlacesOf(HitLogBatch read, params Guid[] discarded)
    {
        var places = new CountedPlaces();
        foreach (var entity in read.Hits.Where(h => !discarded.Contains(h.HitId)).GroupBy(h => (h.Kind, h.EntityId)))
        {
            foreach (var hit in entity) places.Add(hit.Place);
            places.Close(entity.Key.Kind, entity.Key.EntityId);
        }
        return places;
    }
}
