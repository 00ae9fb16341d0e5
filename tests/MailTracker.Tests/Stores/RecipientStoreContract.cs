using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Tests.Stores;

/// <summary>
/// What callers rely on from an <see cref="IRecipientStore"/>, whichever backend holds it. Every test uses its own
/// tracking and account ids, so tests of one class may share a database.
/// </summary>
public abstract class RecipientStoreContract
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(1);
    private static readonly DateTimeOffset T3 = T1.AddMinutes(2);

    protected abstract IRecipientStore Store { get; }

    /// <summary>Adds what a consumed hit batch adds, the way the hit consumer commits it.</summary>
    protected abstract Task ApplyAsync(IReadOnlyList<RecipientActivity> activity);

    [Fact]
    public async Task Adding_returns_every_requested_recipient_in_request_order_and_a_known_email_keeps_its_id_and_token()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var first = await AddAsync(tracking, account, "a@example.com", "b@example.com");
        Assert.Equal(["a@example.com", "b@example.com"], first.Select(r => r.Email));

        var again = await Store.AddAsync(tracking, account, [New("c@example.com"), New("a@example.com", name: "Other name")]);
        Assert.Equal(["c@example.com", "a@example.com"], again.Select(r => r.Email));
        Assert.Equal(first[0], again[1]);
        Assert.DoesNotContain(again[0].Id, first.Select(r => r.Id));

        // The same email in another tracking is another recipient.
        var elsewhere = await AddAsync(NewKey(), account, "a@example.com");
        Assert.NotEqual(first[0].Id, elsewhere[0].Id);
        Assert.NotEqual(first[0].Token, elsewhere[0].Token);
    }

    [Fact]
    public async Task A_new_recipient_reads_back_with_its_fields_and_nothing_happened_yet()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var spec = new NewRecipient(NewKey(), NewToken(), new RecipientSpec("new@example.com", "New Person", "Hello"));
        var created = (await Store.AddAsync(tracking, account, [spec]))[0];
        Assert.Equal(new CreatedRecipient(spec.Id, spec.Token, "new@example.com", "New Person", "Hello", created.Created), created);
        Assert.InRange(created.Created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        var info = await Store.GetAsync(spec.Token);
        Assert.NotNull(info);
        Assert.Equal(new RecipientInfo(spec.Id, spec.Token, tracking, account, "new@example.com", "New Person", "Hello", created.Created,
            null, null, null, null, null, null, info.LastUpdate, default, default), info);
        Assert.Equal(spec.Token, await Store.FindTokenAsync(spec.Id));
        Assert.Null(await Store.GetAsync(NewToken()));
        Assert.Null(await Store.FindTokenAsync(NewKey()));
    }

    [Fact]
    public async Task The_hit_paths_facts_of_many_tokens_come_in_one_read_without_unknown_or_deleted_ones()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var created = await AddAsync(tracking, account, "f1@example.com", "f2@example.com", "f3@example.com");
        Assert.True(await Store.DeleteAsync(created[2].Token));
        var unknown = NewToken();

        var facts = await Store.FactsAsync([created[0].Token, created[1].Token, created[2].Token, unknown]);

        Assert.Equal(2, facts.Count);
        Assert.Equal(new RecipientFacts(created[0].Id, tracking, account, created[0].Created), facts[created[0].Token]);
        Assert.Equal(new RecipientFacts(created[1].Id, tracking, account, created[1].Created), facts[created[1].Token]);
    }

    [Fact]
    public async Task Concurrent_look_ups_read_in_batches_are_each_answered_with_their_own_recipient()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var created = await AddAsync(tracking, account, [.. Enumerable.Range(0, 300).Select(i => $"batch{i}@example.com")]);
        var batcher = new MailTracker.Grains.Hits.RecipientFactsBatcher(Store);
        var unknown = NewToken();

        var answers = await Task.WhenAll(created.Select(r => batcher.FactsAsync(r.Token)).Append(batcher.FactsAsync(unknown)));

        Assert.Equal(created.Select(r => (long?)r.Id), answers.Take(created.Count).Select(f => f?.Id));
        Assert.All(answers.Take(created.Count), f => Assert.Equal((tracking, account), (f!.TrackingId, f.AccountId)));
        Assert.Null(answers[^1]);
        Assert.InRange(batcher.Reads, 1, created.Count + 1);
    }

    [Fact]
    public async Task A_deleted_recipient_is_hidden_and_adding_its_email_again_restores_it_with_its_id_and_token()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var original = (await AddAsync(tracking, account, "gone@example.com"))[0];
        Assert.True(await Store.DeleteAsync(original.Token));
        Assert.False(await Store.DeleteAsync(original.Token));
        Assert.False(await Store.DeleteAsync(NewToken()));

        Assert.Null(await Store.GetAsync(original.Token));
        Assert.Null(await Store.FindTokenAsync(original.Id));
        Assert.Null(await Store.RecordAsync(original.Token, RecipientEvent.Unsubscribed));
        Assert.Empty(await ExportAsync(tracking));
        Assert.Empty((await Store.ListAccountAsync(account, null, Query())).Recipients);
        var listed = await ListUntilAsync(tracking, CommitCursor.Start, _ => true);
        Assert.Empty(listed.Recipients);

        var restored = await Store.AddAsync(tracking, account, [New("gone@example.com", name: "Someone else")]);
        Assert.Equal(original, restored[0]);
        Assert.Equal(original.Token, (await Store.GetAsync(original.Token))?.Token);
        // Restoring is a change: the recipients list shows it again.
        var after = await ListUntilAsync(tracking, listed.Next, p => p.Recipients.Count > 0);
        Assert.Equal([original.Id], after.Recipients.Select(r => r.Id));
    }

    [Fact]
    public async Task Recording_keeps_the_first_unsubscribe_and_bounce_times()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var r = (await AddAsync(tracking, account, "u@example.com"))[0];

        var unsubscribed = await Store.RecordAsync(r.Token, RecipientEvent.Unsubscribed);
        Assert.NotNull(unsubscribed?.Unsubscribed);
        Assert.Null(unsubscribed.Bounced);
        var again = await Store.RecordAsync(r.Token, RecipientEvent.Unsubscribed);
        Assert.Equal(unsubscribed.Unsubscribed, again?.Unsubscribed);

        var bounced = await Store.RecordAsync(r.Token, RecipientEvent.Bounced);
        Assert.Equal(unsubscribed.Unsubscribed, bounced?.Unsubscribed);
        Assert.NotNull(bounced?.Bounced);
        Assert.Equal(bounced, await Store.GetAsync(r.Token));
        Assert.Null(await Store.RecordAsync(NewToken(), RecipientEvent.Bounced));
    }

    [Fact]
    public async Task Deleting_a_tracking_hides_its_recipients_and_no_others()
    {
        var (tracking, other, account) = (NewKey(), NewKey(), NewKey());
        var mine = await AddAsync(tracking, account, "x@example.com", "y@example.com");
        var theirs = (await AddAsync(other, account, "x@example.com"))[0];

        await Store.DeleteTrackingAsync(tracking);

        foreach (var r in mine) Assert.Null(await Store.GetAsync(r.Token));
        Assert.Empty(await ExportAsync(tracking));
        Assert.NotNull(await Store.GetAsync(theirs.Token));
        Assert.Equal([theirs.Id], (await Store.ListAccountAsync(account, null, Query())).Recipients.Select(r => r.Id));
    }

    [Fact]
    public async Task The_recipients_list_pages_in_update_order_and_a_later_poll_gets_exactly_what_changed_since()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var added = await AddAsync(tracking, account, "p1@example.com", "p2@example.com", "p3@example.com");
        await AddAsync(NewKey(), account, "elsewhere@example.com");

        var first = await ListUntilAsync(tracking, CommitCursor.Start, p => p.Recipients.Count == 2, limit: 2);
        Assert.True(first.HasMore);
        var second = await Store.ListAsync(tracking, first.Next, 2);
        Assert.False(second.HasMore);
        Assert.Equal(added.Select(r => r.Id).Order(), first.Recipients.Concat(second.Recipients).Select(r => r.Id).Order());

        var quiet = await Store.ListAsync(tracking, second.Next, 10);
        Assert.Empty(quiet.Recipients);
        Assert.Equal(second.Next, quiet.Next);

        // Two changes in a row come back in the order they were made, each once.
        await Store.RecordAsync(added[2].Token, RecipientEvent.Bounced);
        await Store.RecordAsync(added[0].Token, RecipientEvent.Unsubscribed);
        var changed = await ListUntilAsync(tracking, quiet.Next, p => p.Recipients.Count == 2);
        Assert.Equal([added[2].Id, added[0].Id], changed.Recipients.Select(r => r.Id));
        Assert.NotNull(changed.Recipients[0].Bounced);
        Assert.Empty((await Store.ListAsync(tracking, changed.Next, 10)).Recipients);
    }

    [Fact]
    public async Task The_accounts_list_pages_through_all_its_trackings_in_update_order_without_deleted_or_other_accounts_recipients()
    {
        var (first, second, account) = (NewKey(), NewKey(), NewKey());
        var a = await AddAsync(first, account, "a1@example.com", "a2@example.com");
        var b = await AddAsync(second, account, "b1@example.com");
        await AddAsync(NewKey(), NewKey(), "a1@example.com");
        var gone = (await AddAsync(second, account, "gone@example.com"))[0];
        await Store.DeleteAsync(gone.Token);

        var page = await ListAllUntilAsync(account, CommitCursor.Start, p => p.Recipients.Count == 2, limit: 2);
        Assert.True(page.HasMore);
        var rest = await ListAllUntilAsync(account, page.Next, p => p.Recipients.Count == 1, limit: 2);
        Assert.False(rest.HasMore);
        // One tracking's recipients added together, then the other's.
        var all = page.Recipients.Concat(rest.Recipients).ToList();
        Assert.Equal(a.Select(r => r.Id).Order(), all.Take(2).Select(r => r.Id).Order());
        Assert.Equal(b[0].Id, all[2].Id);
        Assert.Equal([first, first, second], all.Select(r => r.TrackingId));

        // A change moves a recipient to the end; the poll from the last cursor gets only it.
        await Store.RecordAsync(a[0].Token, RecipientEvent.Bounced);
        var changed = await ListAllUntilAsync(account, rest.Next, p => p.Recipients.Count > 0);
        Assert.Equal([a[0].Id], changed.Recipients.Select(r => r.Id));
        Assert.Empty((await Store.ListAllAsync(account, changed.Next, 10)).Recipients);
    }

    [Fact]
    public async Task Unsubscribes_and_bounces_of_one_account_come_in_update_order_deleted_ones_included()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var r = await AddAsync(tracking, account, "e1@example.com", "e2@example.com", "e3@example.com", "e4@example.com");
        var stranger = (await AddAsync(NewKey(), NewKey(), "e1@example.com"))[0];
        await Store.RecordAsync(stranger.Token, RecipientEvent.Unsubscribed);

        await Store.RecordAsync(r[0].Token, RecipientEvent.Unsubscribed);
        await Store.RecordAsync(r[1].Token, RecipientEvent.Bounced);
        await Store.RecordAsync(r[3].Token, RecipientEvent.Unsubscribed);
        await Store.DeleteAsync(r[3].Token);
        var events = await UnsubscribedUntilAsync(account, CommitCursor.Start, 3);
        Assert.Equal([r[0].Id, r[1].Id, r[3].Id], events.Recipients.Select(x => x.Id));
        Assert.False(events.HasMore);

        var paged = await Store.UnsubscribedOrBouncedAsync(account, CommitCursor.Start, 2);
        Assert.True(paged.HasMore);
        Assert.Equal([r[0].Id, r[1].Id], paged.Recipients.Select(x => x.Id));
        Assert.Equal([r[3].Id], (await Store.UnsubscribedOrBouncedAsync(account, paged.Next, 2)).Recipients.Select(x => x.Id));

        await Store.RecordAsync(r[2].Token, RecipientEvent.Bounced);
        var later = await UnsubscribedUntilAsync(account, events.Next, 1);
        Assert.Equal([r[2].Id], later.Recipients.Select(x => x.Id));
    }

    [Fact]
    public async Task A_reader_starting_at_the_updates_end_gets_only_changes_made_after()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var r = await AddAsync(tracking, account, "before@example.com", "after@example.com");
        await Store.RecordAsync(r[0].Token, RecipientEvent.Unsubscribed);

        var end = await Store.UpdatesEndAsync();
        Assert.Empty((await Store.UnsubscribedOrBouncedAsync(account, end, 10)).Recipients);
        Assert.Empty((await Store.ListAsync(tracking, end, 10)).Recipients);

        await Store.RecordAsync(r[1].Token, RecipientEvent.Unsubscribed);
        Assert.Equal([r[1].Id], (await UnsubscribedUntilAsync(account, end, 1)).Recipients.Select(x => x.Id));
        Assert.Equal([r[1].Id], (await ListUntilAsync(tracking, end, p => p.Recipients.Count > 0)).Recipients.Select(x => x.Id));
    }

    [Fact]
    public async Task Activity_adds_counts_with_bots_apart_keeps_the_first_times_and_is_a_change()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var r = (await AddAsync(tracking, account, "active@example.com"))[0];
        var before = await ListUntilAsync(tracking, CommitCursor.Start, p => p.Recipients.Count == 1);

        await ApplyAsync([new RecipientActivity(r.Id, new HitCounts(3, 1), new HitCounts(2, 2), T1, T2, null, T3)]);
        await ApplyAsync([new RecipientActivity(r.Id, new HitCounts(1, 0), new HitCounts(1, 0), T3, T3, T3, T1), new RecipientActivity(NewKey(), new HitCounts(1, 0), default, T1, null, null, null)]);

        var info = await Store.GetAsync(r.Token);
        Assert.NotNull(info);
        // Every counted open, bots included, and how many were bots: the API shows Humans as `opens`.
        Assert.Equal(new HitCounts(4, 1), info.Opens);
        Assert.Equal(3, info.Opens.Humans);
        Assert.Equal(new HitCounts(3, 2), info.Clicks);
        Assert.Equal((T1, T2, T3, T3), (info.FirstOpen, info.FirstBotOpen, info.FirstClick, info.FirstBotClick));

        var changed = await ListUntilAsync(tracking, before.Next, p => p.Recipients.Count > 0);
        Assert.Equal([info], changed.Recipients);
    }

    [Fact]
    public async Task An_accounts_recipients_list_by_id_with_its_filters_and_limit()
    {
        var (tracking, other, account) = (NewKey(), NewKey(), NewKey());
        var r = await AddAsync(tracking, account, "f1@example.com", "f2@example.com", "f3@example.com");
        var elsewhere = (await AddAsync(other, account, "f4@example.com"))[0];
        var deleted = (await AddAsync(tracking, account, "f5@example.com"))[0];
        await Store.DeleteAsync(deleted.Token);
        await AddAsync(NewKey(), NewKey(), "stranger@example.com");
        // A human open makes a recipient opened; bot opens alone do not.
        await ApplyAsync([
            new RecipientActivity(r[0].Id, new HitCounts(1, 0), default, T1, null, null, null),
            new RecipientActivity(r[1].Id, new HitCounts(2, 2), default, null, T1, null, null),
        ]);
        var all = new[] { r[0], r[1], r[2], elsewhere }.Select(x => x.Id).Order().ToList();

        Assert.Equal(all, Ids(await Store.ListAccountAsync(account, null, Query())));
        Assert.Equal(r.Select(x => x.Id).Order(), Ids(await Store.ListAccountAsync(account, tracking, Query())));
        Assert.Equal([r[0].Id], Ids(await Store.ListAccountAsync(account, tracking, Query() with { Opened = true })));
        Assert.Equal(new[] { r[1].Id, r[2].Id }.Order(), Ids(await Store.ListAccountAsync(account, tracking, Query() with { Opened = false })));

        var page = await Store.ListAccountAsync(account, null, Query() with { Limit = 2 });
        Assert.True(page.HasMore);
        Assert.Equal(all.Take(2), Ids(page));
        var rest = await Store.ListAccountAsync(account, null, Query() with { AfterId = all[1], Limit = 2 });
        Assert.False(rest.HasMore);
        Assert.Equal(all.Skip(2), Ids(rest));

        // From is inclusive, To exclusive, on the creation time.
        Assert.Contains(elsewhere.Id, Ids(await Store.ListAccountAsync(account, null, Query() with { From = elsewhere.Created })));
        Assert.DoesNotContain(elsewhere.Id, Ids(await Store.ListAccountAsync(account, null, Query() with { To = elsewhere.Created })));
        Assert.Contains(elsewhere.Id, Ids(await Store.ListAccountAsync(account, null, Query() with { To = elsewhere.Created.AddSeconds(1) })));
    }

    [Fact]
    public async Task The_export_streams_a_trackings_recipients_by_id_without_deleted_ones()
    {
        var (tracking, account) = (NewKey(), NewKey());
        var r = await AddAsync(tracking, account, "x1@example.com", "x2@example.com", "x3@example.com");
        await AddAsync(NewKey(), account, "x4@example.com");
        await Store.DeleteAsync(r[1].Token);

        var expected = new[] { r[0], r[2] }.OrderBy(x => x.Id).Select(x => new RecipientCsvRow(x.Email, x.Token, x.Created));
        Assert.Equal(expected, await ExportAsync(tracking));
    }

    protected static long NewKey() => Random.Shared.NextInt64(1, 1L << 48);

    private static string NewToken() => "r" + Guid.NewGuid().ToString("N");

    private static NewRecipient New(string email, string? name = null) => new(NewKey(), NewToken(), new RecipientSpec(email, name, null));

    private static TrackQuery Query() => new(null, null, null, null, null, 100);

    private static IEnumerable<long> Ids(RecipientPage page) => page.Recipients.Select(r => r.Id);

    protected Task<IReadOnlyList<CreatedRecipient>> AddAsync(long tracking, long account, params string[] emails) =>
        Store.AddAsync(tracking, account, [.. emails.Select(e => New(e))]);

    private async Task<List<RecipientCsvRow>> ExportAsync(long tracking)
    {
        var rows = new List<RecipientCsvRow>();
        await foreach (var row in Store.ExportAsync(tracking)) rows.Add(row);
        return rows;
    }

    /// <summary>
    /// Lists until <paramref name="done"/>: PostgreSQL shows a change once no transaction that began before it is
    /// still open, and any test's transaction on the shared server (in any database) counts.
    /// </summary>
    protected async Task<RecipientPage> ListUntilAsync(long tracking, CommitCursor after, Func<RecipientPage, bool> done, int limit = 100) =>
        await UntilAsync(() => Store.ListAsync(tracking, after, limit), done);

    protected async Task<RecipientPage> ListAllUntilAsync(long account, CommitCursor after, Func<RecipientPage, bool> done, int limit = 100) =>
        await UntilAsync(() => Store.ListAllAsync(account, after, limit), done);

    private async Task<RecipientPage> UnsubscribedUntilAsync(long account, CommitCursor after, int count) =>
        await UntilAsync(() => Store.UnsubscribedOrBouncedAsync(account, after, 100), p => p.Recipients.Count >= count);

    private static async Task<RecipientPage> UntilAsync(Func<Task<RecipientPage>> read, Func<RecipientPage, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var page = await read();
        while (!done(page) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            page = await read();
        }
        return page;
    }
}
