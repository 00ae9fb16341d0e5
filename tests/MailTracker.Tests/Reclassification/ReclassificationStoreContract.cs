using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Reclassification;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Tests.Hits;

namespace MailTracker.Tests.Reclassification;

/// <summary>
/// What a reclassification relies on from its store, run against PostgreSQL and the in-memory store: decided hits read in batches
/// after a cursor, and a batch of new verdicts applied with the counts and the recipient so that they still equal the rows.
/// </summary>
public abstract class ReclassificationStoreContract
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Fresh, empty stores (each test its own) and the reclassification store on the same data.</summary>
    protected abstract Task<(HitStores Hits, IReclassificationStore Store)> CreateAsync();

    [Fact]
    public async Task New_verdicts_move_the_counts_and_the_recipients_first_times_with_the_rows_and_a_second_pass_finds_nothing()
    {
        var (stores, store) = await CreateAsync();
        await using var _ = stores;
        var (tracking, account) = (NewKey(), NewKey());
        var recipient = (await stores.Recipients.AddAsync(tracking, account, [new NewRecipient(NewKey(), "r" + Guid.NewGuid().ToString("N"), new RecipientSpec("reader@example.com", null, null))]))[0];
        const long pixel = 8 * 7 + 2;
        const long link = 8 * 9 + 2;
        Hit New(HitKind kind, long entity, int minute, string? reason) =>
            new(Guid.NewGuid(), kind, entity, tracking, account, T1.AddMinutes(minute), "198.51.100.7", null, "Agent/" + minute, null, recipient.Id, reason is not null)
            {
                BotReason = reason,
                RulesVersion = "old",
            };
        var opens = new[] { New(HitKind.Open, pixel, 1, null), New(HitKind.Open, pixel, 2, BotReasons.Crawler), New(HitKind.Open, pixel, 3, null) };
        var click = New(HitKind.Click, link, 4, null);
        var otherTracking = New(HitKind.Open, pixel, 5, null) with { TrackingId = tracking + 1, RecipientId = null };
        await DecideAsync(stores, [.. opens, click, otherTracking], recipient.Id);
        var undecided = New(HitKind.Open, pixel, 6, null);
        await stores.Log.AppendAsync(undecided);
        Assert.Equal(new HitCounts(4, 1), await stores.Data.CountAsync(HitKind.Open, pixel));

        // Opens first, then clicks, each in commit order; the other tracking's hit and the undecided one are not read.
        var first = await store.ReadAsync(account, tracking, StoredHitCursor.Start, "new", 2);
        Assert.Equal([opens[0].Date, opens[1].Date], first.Select(h => h.Date));
        Assert.All(first, h => Assert.Equal(recipient.Created, h.RecipientCreated));
        Assert.Equal(("Agent/1", "198.51.100.7", BotReasons.Crawler), (first[0].UserAgent, first[0].IpAddress, first[1].Verdict.Reason));
        var second = await store.ReadAsync(account, tracking, first[^1].Place, "new", 10);
        Assert.Equal([opens[2].Date, click.Date], second.Select(h => h.Date));
        Assert.Equal(HitKind.Click, second[1].Place.Kind);

        // The first open and the click turn bots', the second open a person's, the third stays a person's.
        var verdicts = new[]
        {
            new HitReverdict(first[0], BotVerdict.BotBecause(BotReasons.HttpLibrary, "new")),
            new HitReverdict(first[1], BotVerdict.Human("new")),
            new HitReverdict(second[0], BotVerdict.Human("new")),
            new HitReverdict(second[1], BotVerdict.BotBecause(BotReasons.SecurityScanner, "new")),
        };
        Assert.Equal(new ReclassifiedBatch(4, 3), await store.ApplyAsync(verdicts, "new"));

        Assert.Equal(new HitCounts(4, 1), await stores.Data.CountAsync(HitKind.Open, pixel));
        Assert.Equal(new HitCounts(1, 1), await stores.Data.CountAsync(HitKind.Click, link));
        var rows = (await stores.Data.PageAsync(HitKind.Open, pixel, 0, 10)).Where(h => h.TrackingId == tracking).OrderBy(h => h.Date).ToList();
        Assert.Equal([BotReasons.HttpLibrary, null, null], rows.Select(h => h.BotReason));
        Assert.Equal(["new", "new", "new"], rows.Select(h => h.RulesVersion));
        var info = (await stores.Recipients.GetAsync(recipient.Token))!;
        Assert.Equal((opens[1].Date, opens[0].Date, (DateTimeOffset?)null, click.Date), (info.FirstOpen, info.FirstBotOpen, info.FirstClick, info.FirstBotClick));
        Assert.Equal((new HitCounts(3, 1), new HitCounts(1, 1)), (info.Opens, info.Clicks));

        // Judged under "new": not read again, and applying the same batch again (a retry that had committed) changes nothing.
        Assert.Empty(await store.ReadAsync(account, tracking, StoredHitCursor.Start, "new", 10));
        Assert.Equal(default, await store.ApplyAsync(verdicts, "new"));
        Assert.Equal(new HitCounts(1, 1), await stores.Data.CountAsync(HitKind.Click, link));
    }

    /// <summary>Consumes what is logged as the partition tailers would: every hit counted, with its recipient's activity.</summary>
    private static async Task DecideAsync(HitStores stores, IReadOnlyList<Hit> hits, long recipientId)
    {
        foreach (var hit in hits) await stores.Log.AppendAsync(hit);
        foreach (var partition in hits.Select(h => h.Partition).Distinct())
        {
            var position = await stores.Commit.GetPositionAsync(partition);
            var mine = hits.Where(h => h.Partition == partition).ToList();
            var read = 0;
            while (read < mine.Count)
            {
                var batch = await stores.Reader.ReadAsync(partition, position, 100, []);
                read += batch.Hits.Count;
                position = batch.Next;
            }
            var counted = mine.GroupBy(h => (h.Kind, h.EntityId))
                .Select(g => new CountedHits(g.Key.Kind, g.Key.EntityId, new HitCounts(g.Count(), g.Count(h => h.Bot)))).ToList();
            var activity = mine.Where(h => h.RecipientId == recipientId).Aggregate(new RecipientActivity(recipientId, default, default, null, null, null, null), (a, h) => a.With(h.Kind, h.Bot, h.Date));
            await stores.Commit.CommitAsync(partition, new HitConsumption(position, counted, [], [], [activity]));
        }
    }

    private static long NewKey() => Random.Shared.NextInt64(1, 1L << 48);
}
