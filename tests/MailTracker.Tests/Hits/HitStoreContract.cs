using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Tests.Hits;

/// <summary>
/// What every backend of the hit stores does (the log, its reader, the consumption commit and the data), run against PostgreSQL
/// and the in-memory store: the same calls give the same rows, counts, positions, recipients and feeds.
/// </summary>
public abstract class HitStoreContract
{
    /// <summary>Fresh, empty stores (each test its own).</summary>
    protected abstract Task<HitStores> CreateAsync();

    [Fact]
    public async Task A_hit_is_data_once_decided_counts_move_with_the_position_and_discarded_hits_appear_nowhere()
    {
        await using var stores = await CreateAsync();
        var (log, reader, commit, data) = (stores.Log, stores.Reader, stores.Commit, stores.Data);
        const long pixel = 8 * 5 + 3;
        const int partition = 3;
        var hits = Enumerable.Range(0, 10).Select(i => NewHit(pixel, full: i % 2 == 0, bot: i % 4 == 0)).ToList();
        foreach (var hit in hits) await log.AppendAsync(hit);
        var click = NewHit(pixel, kind: HitKind.Click, bot: true);
        await log.AppendAsync(click);

        // Logged but not decided: in no count and on no page.
        Assert.Equal(LogPosition.Start, await commit.GetPositionAsync(partition));
        Assert.Empty(await data.PageAsync(HitKind.Open, pixel, 0, 100));
        var seen = new List<LoggedHit>();
        var position = LogPosition.Start;
        while (seen.Count < 6)
        {
            var batch = await reader.ReadAsync(partition, position, 6 - seen.Count, []);
            seen.AddRange(batch.Hits);
            position = batch.Next;
        }
        Assert.Equal(hits[..6].Select(Logged), Unplaced(seen));

        // The first six: one discarded (e.g. a repeated IP), five counted.
        await commit.CommitAsync(partition, new HitConsumption(position, [new CountedHits(HitKind.Open, pixel, new HitCounts(5, 1))], [hits[4].HitId], [], []));
        Assert.Equal(position, await commit.GetPositionAsync(partition));
        Assert.Equal(new HitCounts(5, 1), await data.CountAsync(HitKind.Open, pixel));
        var decided = new[] { hits[0], hits[1], hits[2], hits[3], hits[5] };
        Assert.Equal(decided.Reverse(), await data.PageAsync(HitKind.Open, pixel, 0, 100));
        Assert.Equal(decided.Reverse().Skip(1).Take(2), await data.PageAsync(HitKind.Open, pixel, 1, 2));
        Assert.Empty(await data.PageAsync(HitKind.Open, pixel, 5, 2));

        // The rest, and the click, which is another entity of the same partition.
        var rest = new List<LoggedHit>();
        while (rest.Count < 5)
        {
            var batch = await reader.ReadAsync(partition, position, 100, []);
            rest.AddRange(batch.Hits);
            position = batch.Next;
        }
        Assert.Equal(hits[6..].Append(click).Select(Logged), Unplaced(rest));
        await commit.CommitAsync(partition, new HitConsumption(position,
            [new CountedHits(HitKind.Open, pixel, new HitCounts(4, 1)), new CountedHits(HitKind.Click, pixel, new HitCounts(1, 1))], [], [], []));
        Assert.Equal(new HitCounts(9, 2), await data.CountAsync(HitKind.Open, pixel));
        Assert.Equal(new HitCounts(1, 1), await data.CountAsync(HitKind.Click, pixel));
        Assert.Equal(9, (await data.PageAsync(HitKind.Open, pixel, 0, 100)).Count);
        Assert.Equal(new[] { click }, await data.PageAsync(HitKind.Click, pixel, 0, 10));
        Assert.Equal(default, await data.CountAsync(HitKind.Open, pixel + 8));
        Assert.Equal(LogPosition.Start, await commit.GetPositionAsync(partition + 1));

        await data.DeleteAsync(HitKind.Open, pixel);
        Assert.Equal(default, await data.CountAsync(HitKind.Open, pixel));
        Assert.Empty(await data.PageAsync(HitKind.Open, pixel, 0, 10));
        Assert.Equal(new HitCounts(1, 1), await data.CountAsync(HitKind.Click, pixel));
    }

    [Fact]
    public async Task An_entitys_hits_page_newest_first_across_its_consumptions_alone_and_with_its_trackings_other_entities()
    {
        await using var stores = await CreateAsync();
        const long pixel = 8 * 31 + 2, link = 8 * 32 + 2;
        const int partition = 2;
        var appended = new List<Hit>();
        var position = LogPosition.Start;
        // Five consumptions of seven hits, the pixel's and the link's interleaved: five pages each.
        for (var round = 0; round < 5; round++)
        {
            var hits = Enumerable.Range(0, 7).Select(i => i % 3 == 0 ? NewHit(link, kind: HitKind.Click) : NewHit(pixel)).ToList();
            foreach (var hit in hits) await stores.Log.AppendAsync(hit);
            position = (await ReadUntilAsync(stores.Reader, partition, position, hits.Count)).Next;
            await stores.Commit.CommitAsync(partition, new HitConsumption(position,
                [new CountedHits(HitKind.Open, pixel, new HitCounts(4, 0)), new CountedHits(HitKind.Click, link, new HitCounts(3, 0))], [], [], []));
            appended.AddRange(hits);
        }
        var newest = Enumerable.Reverse(appended).ToList();
        var opens = newest.Where(h => h.Kind == HitKind.Open).ToList();
        foreach (var (offset, limit) in new[] { (0, 100), (0, 3), (3, 6), (7, 5), (18, 10), (20, 5), (34, 5), (-1, 2), (2, 0) })
        {
            Assert.Equal(opens.Skip(Math.Max(0, offset)).Take(limit), await stores.Data.PageAsync(HitKind.Open, pixel, offset, limit));
            Assert.Equal(newest.Skip(Math.Max(0, offset)).Take(limit), await stores.Data.TrackingPageAsync(pixel, [link], offset, limit));
        }
        Assert.Equal(new HitCounts(20, 0), await stores.Data.CountAsync(HitKind.Open, pixel));

        // Deleting the pixel leaves the link's hits, on their own pages.
        await stores.Data.DeleteAsync(HitKind.Open, pixel);
        Assert.Empty(await stores.Data.PageAsync(HitKind.Open, pixel, 0, 100));
        Assert.Equal(newest.Where(h => h.Kind == HitKind.Click), await stores.Data.TrackingPageAsync(pixel, [link], 0, 100));
    }

    [Fact]
    public async Task A_resolved_hit_is_logged_again_in_its_own_partition_and_its_raw_row_is_gone()
    {
        await using var stores = await CreateAsync();
        var raw = new Hit(Guid.NewGuid(), HitKind.Open, 0, 0, 0, DateTimeOffset.UtcNow, "192.0.2.1", null, "Agent/1", "late", null, false)
        {
            Token = "pRawToken",
            RecipientToken = "rRawRecipient",
        };
        await stores.Log.AppendAsync(raw);
        var read = await ReadUntilAsync(stores.Reader, 0, LogPosition.Start, 1);
        // An unresolved row comes back whole: the tailer still has to shape it (microseconds: the date's stored precision).
        var logged = Assert.Single(read.Hits).Raw;
        Assert.NotNull(logged);
        Assert.Equal(raw with { Date = TruncateToMicroseconds(raw.Date) }, logged with { Date = TruncateToMicroseconds(logged.Date) });

        const long pixel = 8 * 9 + 6;
        var resolved = NewHit(pixel, full: true) with { HitId = raw.HitId };
        await stores.Commit.CommitAsync(0, new HitConsumption(read.Next, [], [raw.HitId], [resolved], []));
        Assert.Empty((await stores.Reader.ReadAsync(0, LogPosition.Start, 10, [])).Hits);
        var relogged = await ReadUntilAsync(stores.Reader, 6, LogPosition.Start, 1);
        Assert.Equal([Logged(resolved)], Unplaced(relogged.Hits));

        await stores.Commit.CommitAsync(6, new HitConsumption(relogged.Next, [new CountedHits(HitKind.Open, pixel, new HitCounts(1, 0))], [], [], []));
        Assert.Equal(new[] { resolved }, await stores.Data.PageAsync(HitKind.Open, pixel, 0, 10));
    }

    [Fact]
    public async Task One_pixels_hits_keep_the_order_they_were_appended_in_whatever_shares_their_commits()
    {
        await using var stores = await CreateAsync();
        // Two pixels of partition 5, the later one appended first, interleaved, all at once: commits write rows
        // grouped by pixel, yet each pixel's hits must stay in the order they came in.
        long later = 5 + 8 * 200, earlier = 5 + 8 * 100;
        var hits = Enumerable.Range(0, 200).Select(i => NewHit(i % 2 == 0 ? later : earlier)).ToList();
        await Task.WhenAll(hits.Select(h => stores.Log.AppendAsync(h)));

        var read = await ReadUntilAsync(stores.Reader, 5, LogPosition.Start, hits.Count);
        foreach (var pixel in new[] { later, earlier })
        {
            Assert.Equal(hits.Where(h => h.EntityId == pixel).Select(h => h.HitId), read.Hits.Where(h => h.EntityId == pixel).Select(h => h.HitId));
        }
    }

    [Fact]
    public async Task Hits_with_fields_at_their_limits_are_stored_as_they_were_given()
    {
        await using var stores = await CreateAsync();
        const long pixel = 8 * 11 + 2;
        // Multi-byte text longer in UTF-8 than in chars, a user agent larger than a batch's first buffer, empty
        // strings, no date, an IPv4 address, the extremes of the numbers, and a date before PostgreSQL's 2000 epoch.
        var hits = new[]
        {
            new Hit(Guid.NewGuid(), HitKind.Open, pixel, long.MaxValue, long.MaxValue, null, "192.0.2.1", "", new string('ü', 20_000),
                new string('✓', HitPolicy.MaxCustomDataLength), long.MinValue, false),
            new Hit(Guid.NewGuid(), HitKind.Open, pixel, 1, 1, new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(9990),
                null, null, "", "", null, true),
        };
        await Task.WhenAll(hits.Select(h => stores.Log.AppendAsync(h)));

        var read = await ReadUntilAsync(stores.Reader, 2, LogPosition.Start, 2);
        Assert.Equal(hits.Select(Logged), Unplaced(read.Hits));
        // Each at its own place, in log order, none past the batch's end: what a consumption's pages list.
        var places = read.Hits.Select(h => h.Place).ToList();
        Assert.Equal(places.Order(), places);
        Assert.Equal(places.Count, places.Distinct().Count());
        Assert.True(places[^1].CompareTo(read.Next) <= 0 && places[0].CompareTo(LogPosition.Start) > 0);
        await stores.Commit.CommitAsync(2, new HitConsumption(read.Next, [new CountedHits(HitKind.Open, pixel, new HitCounts(2, 1))], [], [], []));
        Assert.Equal(hits.Reverse(), await stores.Data.PageAsync(HitKind.Open, pixel, 0, 10));
    }

    [Fact]
    public async Task A_consumption_adds_human_and_bot_activity_to_its_recipients_with_their_first_times()
    {
        await using var stores = await CreateAsync();
        var trackingId = Random.Shared.NextInt64(1, 1L << 40);
        var recipientId = Random.Shared.NextInt64(1, 1L << 40);
        var token = GrainKeys.NewToken(TokenKind.Recipient);
        await stores.Recipients.AddAsync(trackingId, 7, [new NewRecipient(recipientId, token, new RecipientSpec("ann@example.com", "Ann", null))]);
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        // Two human opens, one bot open, one bot click, in commit order: the first of each kind is kept.
        var activity = new RecipientActivity { RecipientId = recipientId }
            .With(HitKind.Open, bot: true, at)
            .With(HitKind.Open, bot: false, at.AddMinutes(1))
            .With(HitKind.Open, bot: false, at.AddMinutes(2))
            .With(HitKind.Click, bot: true, at.AddMinutes(3));
        await stores.Commit.CommitAsync(1, new HitConsumption(new LogPosition(1, 1), [], [], [], [activity]));

        var recipient = await stores.Recipients.GetAsync(token);
        Assert.NotNull(recipient);
        Assert.Equal((new HitCounts(3, 1), new HitCounts(1, 1)), (recipient.Opens, recipient.Clicks));
        Assert.Equal((at.AddMinutes(1), at, (DateTimeOffset?)null, at.AddMinutes(3)),
            (recipient.FirstOpen, recipient.FirstBotOpen, recipient.FirstClick, recipient.FirstBotClick));
    }

    [Fact]
    public async Task The_feeds_show_decided_hits_of_the_account_in_commit_order_once_every_partition_is_past_them()
    {
        await using var stores = await CreateAsync();
        var end = await stores.Data.EventsEndAsync();
        const long accountId = 7;
        var opens = Enumerable.Range(0, 6).Select(i => NewHit(8 * (300 + i) + i % 2, full: true)).ToList();
        foreach (var hit in opens) await stores.Log.AppendAsync(hit);
        var other = NewHit(8 * 400) with { AccountId = 8 };
        await stores.Log.AppendAsync(other);

        // Decided in partitions 0 and 1 only: not yet in the feed, which waits for every partition.
        var positions = new Dictionary<int, LogPosition>();
        foreach (var partition in new[] { 0, 1 }) positions[partition] = (await ReadUntilAsync(stores.Reader, partition, LogPosition.Start, partition == 0 ? 4 : 3)).Next;
        foreach (var (partition, next) in positions) await stores.Commit.CommitAsync(partition, HitConsumption.MoveTo(next));
        Assert.Empty((await stores.Data.EventsAsync(accountId, HitKind.Open, null, end, 100)).Events);

        for (var partition = 2; partition < HitPartitions.Count; partition++)
        {
            await stores.Commit.CommitAsync(partition, HitConsumption.MoveTo((await stores.Reader.ReadAsync(partition, LogPosition.Start, 10, [])).Next));
        }
        var page = await stores.Data.EventsAsync(accountId, HitKind.Open, null, end, 4);
        Assert.True(page.HasMore);
        var rest = await stores.Data.EventsAsync(accountId, HitKind.Open, null, page.Next, 4);
        Assert.False(rest.HasMore);
        var events = page.Events.Concat(rest.Events).ToList();
        Assert.Equal(opens.Select(h => h.HitId), events.Select(e => e.Id));
        Assert.Equal(opens.Select(h => (h.EntityId, h.TrackingId, h.IpHash, h.Bot)), events.Select(e => (e.EntityId, e.TrackingId, e.Location, e.Bot)));
        Assert.Empty((await stores.Data.EventsAsync(accountId, HitKind.Click, null, end, 100)).Events);
        Assert.Equal([opens[1].HitId], (await stores.Data.EventsAsync(accountId, HitKind.Open, opens[1].TrackingId, end, 100)).Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Both_feeds_in_one_give_opens_and_clicks_in_one_commit_order_each_with_its_position()
    {
        await using var stores = await CreateAsync();
        var end = await stores.Data.EventsEndAsync();
        const long accountId = 7;
        var hits = Enumerable.Range(0, 6).Select(i => NewHit(8 * (500 + i) + i % 3, full: true, kind: i % 2 == 0 ? HitKind.Open : HitKind.Click)).ToList();
        foreach (var hit in hits) await stores.Log.AppendAsync(hit);
        await stores.Log.AppendAsync(NewHit(8 * 600, kind: HitKind.Click) with { AccountId = 8 });
        // A commit shows once no older transaction of the (shared) server is in flight: move the positions until all six show.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            for (var partition = 0; partition < HitPartitions.Count; partition++)
            {
                await stores.Commit.CommitAsync(partition, HitConsumption.MoveTo((await stores.Reader.ReadAsync(partition, LogPosition.Start, 10, [])).Next));
            }
        }
        while ((await stores.Data.AllEventsAsync(accountId, null, end, 100)).Events.Count < hits.Count && DateTime.UtcNow < deadline);

        var page = await stores.Data.AllEventsAsync(accountId, null, end, 4);
        Assert.True(page.HasMore);
        Assert.Equal(page.Events[^1].Position, page.Next);
        var rest = await stores.Data.AllEventsAsync(accountId, null, page.Next, 4);
        Assert.False(rest.HasMore);
        var events = page.Events.Concat(rest.Events).ToList();
        Assert.Equal(hits.Select(h => (h.HitId, h.Kind)), events.Select(e => (e.Id, e.Kind)));
        // Read on from any event's position, the rest follows.
        Assert.Equal(events.Skip(3).Select(e => e.Id), (await stores.Data.AllEventsAsync(accountId, null, events[2].Position, 100)).Events.Select(e => e.Id));
        Assert.Equal([hits[1].HitId], (await stores.Data.AllEventsAsync(accountId, hits[1].TrackingId, end, 100)).Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Claims_of_addresses_commit_with_their_hits_and_one_held_by_another_hit_fails_the_whole_commit()
    {
        await using var stores = await CreateAsync();
        const long pixel = 8 * 21 + 4;
        const int partition = 4;
        var (first, repeat, other) = (FromAddress(pixel, "a"), FromAddress(pixel, "a"), FromAddress(pixel, "b"));
        foreach (var hit in new[] { first, repeat, other }) await stores.Log.AppendAsync(hit);
        var read = await ReadUntilAsync(stores.Reader, partition, LogPosition.Start, 3);
        await stores.Commit.CommitAsync(partition, new HitConsumption(read.Next, [new CountedHits(HitKind.Open, pixel, new HitCounts(2, 0))], [repeat.HitId], [], [])
        {
            Claims = [Claim(first), Claim(other)],
        });
        var (a, b, c) = (new EntityAddress(pixel, "a"), new EntityAddress(pixel, "b"), new EntityAddress(pixel, "c"));
        Assert.Equal(new Dictionary<EntityAddress, Guid> { [a] = first.HitId, [b] = other.HitId }, await stores.UniqueOpens.ClaimsAsync([a, b, c]));
        Assert.Empty(await stores.UniqueOpens.ClaimsAsync([new EntityAddress(pixel + 8, "a")]));

        // A later hit claiming a held address: nothing of its commit happens (not its count, not its position, not its claims).
        var late = FromAddress(pixel, "a");
        var fresh = FromAddress(pixel, "c");
        await stores.Log.AppendAsync(late);
        await stores.Log.AppendAsync(fresh);
        var next = await ReadUntilAsync(stores.Reader, partition, read.Next, 2);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stores.Commit.CommitAsync(partition,
            new HitConsumption(next.Next, [new CountedHits(HitKind.Open, pixel, new HitCounts(2, 0))], [], [], []) { Claims = [Claim(late), Claim(fresh)] }));
        Assert.Equal(read.Next, await stores.Commit.GetPositionAsync(partition));
        Assert.Equal(new HitCounts(2, 0), await stores.Data.CountAsync(HitKind.Open, pixel));
        Assert.Empty(await stores.UniqueOpens.ClaimsAsync([c]));

        // Decided again, rightly: the claim its holder already has is no conflict.
        await stores.Commit.CommitAsync(partition, new HitConsumption(next.Next, [new CountedHits(HitKind.Open, pixel, new HitCounts(1, 0))], [late.HitId], [], [])
        {
            Claims = [Claim(first), Claim(fresh)],
        });
        Assert.Equal(new HitCounts(3, 0), await stores.Data.CountAsync(HitKind.Open, pixel));
        Assert.Equal(new[] { fresh, other, first }, await stores.Data.PageAsync(HitKind.Open, pixel, 0, 10));

        // Deleting the pixel deletes its claims.
        await stores.Data.DeleteAsync(HitKind.Open, pixel);
        Assert.Empty(await stores.UniqueOpens.ClaimsAsync([a, b, c]));
    }

    [Fact]
    public async Task Claiming_the_seen_addresses_gives_each_address_of_the_decided_hits_to_its_first_hit()
    {
        await using var stores = await CreateAsync();
        const long pixel = 8 * 22 + 1;
        const int partition = 1;
        var hits = new[] { FromAddress(pixel, "a"), FromAddress(pixel, "b"), FromAddress(pixel, "a"), FromAddress(pixel, "c"), NewHit(pixel) };
        foreach (var hit in hits) await stores.Log.AppendAsync(hit);
        var read = await ReadUntilAsync(stores.Reader, partition, LogPosition.Start, hits.Length);
        // "c" was claimed by its hit already (unique-only before, then switched off and on): that claim stays.
        await stores.Commit.CommitAsync(partition, new HitConsumption(read.Next, [new CountedHits(HitKind.Open, pixel, new HitCounts(5, 0))], [], [], [])
        {
            Claims = [Claim(hits[3])],
        });
        var undecided = FromAddress(pixel, "d");
        await stores.Log.AppendAsync(undecided);

        await stores.UniqueOpens.ClaimSeenAsync(HitKind.Open, pixel);
        await stores.UniqueOpens.ClaimSeenAsync(HitKind.Open, pixel);
        var addresses = new[] { "a", "b", "c", "d" }.Select(h => new EntityAddress(pixel, h)).ToList();
        Assert.Equal(new Dictionary<EntityAddress, Guid> { [addresses[0]] = hits[0].HitId, [addresses[1]] = hits[1].HitId, [addresses[2]] = hits[3].HitId },
            await stores.UniqueOpens.ClaimsAsync(addresses));
        // Another kind's entity of the same id space is not touched.
        await stores.UniqueOpens.ClaimSeenAsync(HitKind.Click, pixel);
        Assert.Equal(3, (await stores.UniqueOpens.ClaimsAsync(addresses)).Count);
    }

    [Fact]
    public async Task The_first_hit_of_an_address_claims_it_and_every_later_one_is_refused_even_by_a_silo_that_never_saw_it()
    {
        await using var stores = await CreateAsync();
        const long pixel = 8 * 23 + 7;
        const int partition = 7;
        var page = new[] { FromAddress(pixel, "a"), FromAddress(pixel, "a"), FromAddress(pixel, "b"), FromAddress(pixel, "a") };
        var silo = new UniqueOpenClaims(stores.UniqueOpens);

        // Not committed yet: deciding the page again gives the same answer.
        var rejected = new HashSet<Guid>();
        var claims = await silo.ClaimAsync([.. page.Select(Claim)], rejected);
        Assert.Equal([Claim(page[0]), Claim(page[2])], claims);
        Assert.Equal(new[] { page[1].HitId, page[3].HitId }.Order(), rejected.Order());
        var again = new HashSet<Guid>();
        Assert.Equal(claims, await silo.ClaimAsync([.. page.Select(Claim)], again));
        Assert.Equal(rejected, again);

        foreach (var hit in page) await stores.Log.AppendAsync(hit);
        var read = await ReadUntilAsync(stores.Reader, partition, LogPosition.Start, page.Length);
        await stores.Commit.CommitAsync(partition, new HitConsumption(read.Next, [new CountedHits(HitKind.Open, pixel, new HitCounts(2, 0))], rejected, [], [])
        {
            Claims = claims,
        });
        silo.Committed(claims);

        // Later repeats, on this silo (its cache) and on one that starts empty (the store): refused; a new address claims.
        foreach (var decider in new[] { silo, new UniqueOpenClaims(stores.UniqueOpens) })
        {
            var later = new[] { FromAddress(pixel, "b"), FromAddress(pixel, "c"), FromAddress(pixel, "a") };
            var refused = new HashSet<Guid>();
            Assert.Equal([Claim(later[1])], await decider.ClaimAsync([.. later.Select(Claim)], refused));
            Assert.Equal(new[] { later[0].HitId, later[2].HitId }.Order(), refused.Order());
        }
    }

    private static Hit FromAddress(long entityId, string ipHash) => NewHit(entityId) with { IpHash = ipHash };

    private static AddressClaim Claim(Hit hit) => new(new EntityAddress(hit.EntityId, hit.IpHash!), hit.HitId);

    /// <summary>What a tailer reads of a hit.</summary>
    public static LoggedHit Logged(Hit hit) => LoggedHit.Of(hit);

    /// <summary>Read hits as <see cref="Logged"/> gives them: without the place the reader found them at.</summary>
    public static IEnumerable<LoggedHit> Unplaced(IEnumerable<LoggedHit> hits) => hits.Select(h => h with { Place = default });

    public static Hit NewHit(long entityId, bool full = false, bool bot = false, HitKind kind = HitKind.Open)
    {
        if (!full) return new Hit(Guid.NewGuid(), kind, entityId, entityId * 10, 7, null, null, null, null, null, null, bot);
        // Microseconds only (PostgreSQL's precision) and a non-UTC offset: the instant is what must survive.
        var date = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(Random.Shared.Next(10_000_000) / 10 * 10);
        return new Hit(Guid.NewGuid(), kind, entityId, entityId * 10, 7, date, "2001:db8::1", "h" + Guid.NewGuid().ToString("N")[..8],
            "Mozilla/5.0 (ünïcode ✓)", "{\"campaign\":\"x\"}", long.MaxValue - entityId, bot);
    }

    private static DateTimeOffset? TruncateToMicroseconds(DateTimeOffset? date) =>
        date is { } d ? new DateTimeOffset(d.UtcTicks / 10 * 10, TimeSpan.Zero) : null;

    /// <summary>
    /// Reads a partition from a position until it gave <paramref name="count"/> hits: the PostgreSQL watermark is the whole
    /// server's oldest open transaction, so a test in another database of the same server can hold rows back for a moment.
    /// </summary>
    public static async Task<HitLogBatch> ReadUntilAsync(IHitLogReader reader, int partition, LogPosition after, int count)
    {
        var hits = new List<LoggedHit>();
        var position = after;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (hits.Count < count && DateTime.UtcNow < deadline)
        {
            var batch = await reader.ReadAsync(partition, position, 100, []);
            hits.AddRange(batch.Hits);
            position = batch.Next;
            if (hits.Count < count) await Task.Delay(20);
        }
        return new HitLogBatch(hits, position);
    }
}
