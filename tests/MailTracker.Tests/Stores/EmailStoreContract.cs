using MailTracker.Grains.Messages;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using MailTracker.Messages;
using MailTracker.Recipients;

namespace MailTracker.Tests.Stores;

/// <summary>What the message grain and the outbox sender rely on from an <see cref="IEmailStore"/>, whichever backend holds it.</summary>
public abstract class EmailStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static long _nextId = Random.Shared.NextInt64(1, long.MaxValue / 2);

    protected abstract IEmailStore Store { get; }

    /// <summary>The recipients of the same backend, whose opens and clicks the messages' stats read.</summary>
    protected abstract IRecipientStore Recipients { get; }

    /// <summary>Records hits' activity on recipients the way the backend's hit consumer does.</summary>
    protected abstract Task ApplyAsync(IReadOnlyList<RecipientActivity> activity);

    [Fact]
    public async Task A_message_is_stored_whole_and_its_recipients_are_due_in_the_outbox()
    {
        var email = NewEmail(NewAccount(), "ann@example.com", "bob@example.com");
        await Store.AddAsync(email, Now);

        var stored = await Store.GetAsync(email.Id);
        Assert.NotNull(stored);
        Assert.Equal(email.Draft.Subject, stored.Draft.Subject);
        Assert.Equal(email.Draft.Attachments[0].Content, stored.Draft.Attachments[0].Content);
        Assert.Equal(email.Recipients.Select(r => r.Token), stored.Recipients.Select(r => r.Token));
        var leased = (await LeaseAllAsync(Now)).Where(e => e.EmailId == email.Id).ToList();
        Assert.Equal(email.Recipients.Select(r => r.Token).Order(), leased.Select(e => e.RecipientToken).Order());
        Assert.All(leased, e => Assert.Equal(0, e.Attempts));
    }

    [Fact]
    public async Task A_leased_entry_is_no_one_elses_until_its_lease_ends_and_a_completed_one_is_gone()
    {
        var email = NewEmail(NewAccount(), "ann@example.com");
        await Store.AddAsync(email, Now);
        var lease = Now.AddMinutes(2);

        Assert.Contains(await LeaseAllAsync(Now, lease), e => e.EmailId == email.Id);
        // A second sender meanwhile finds nothing of it; once the lease is over (its sender died) it is due again.
        Assert.DoesNotContain(await LeaseAllAsync(Now.AddMinutes(1)), e => e.EmailId == email.Id);
        Assert.Contains(await LeaseAllAsync(lease, lease.AddMinutes(2)), e => e.EmailId == email.Id);

        await Store.CompleteAsync(email.Id, email.Recipients[0].Token);
        Assert.DoesNotContain(await LeaseAllAsync(Now.AddDays(1)), e => e.EmailId == email.Id);
    }

    [Fact]
    public async Task A_retried_entry_counts_its_attempt_and_waits_for_its_time()
    {
        var email = NewEmail(NewAccount(), "ann@example.com");
        await Store.AddAsync(email, Now);
        await LeaseAllAsync(Now);
        await Store.RetryAsync(email.Id, email.Recipients[0].Token, Now.AddMinutes(5));

        Assert.DoesNotContain(await LeaseAllAsync(Now.AddMinutes(4)), e => e.EmailId == email.Id);
        var entry = Assert.Single(await LeaseAllAsync(Now.AddMinutes(5)), e => e.EmailId == email.Id);
        Assert.Equal(1, entry.Attempts);
    }

    [Fact]
    public async Task A_cancelled_message_is_saved_and_none_of_its_entries_is_ever_due_again()
    {
        var email = NewEmail(NewAccount(), "ann@example.com", "bob@example.com");
        await Store.AddAsync(email, Now.AddMinutes(10));
        await Store.CancelAsync(email with { Status = EmailStatus.Cancelled });

        Assert.Equal(EmailStatus.Cancelled, (await Store.GetAsync(email.Id))!.Status);
        Assert.DoesNotContain(await LeaseAllAsync(Now.AddDays(1)), e => e.EmailId == email.Id);
    }

    [Fact]
    public async Task A_lease_counts_as_an_attempt_so_one_cut_short_by_a_crash_counts_too()
    {
        var email = NewEmail(NewAccount(), "ann@example.com");
        await Store.AddAsync(email, Now);
        var lease = Now.AddMinutes(2);

        Assert.Equal(0, Assert.Single(await LeaseAllAsync(Now, lease), e => e.EmailId == email.Id).Attempts);
        // Its sender died: no retry was recorded, and the next lease still knows of the attempt.
        Assert.Equal(1, Assert.Single(await LeaseAllAsync(lease, lease.AddMinutes(2)), e => e.EmailId == email.Id).Attempts);
    }

    [Fact]
    public async Task A_batch_of_finished_entries_leaves_the_outbox_at_once_and_the_others_stay()
    {
        var email = NewEmail(NewAccount(), "ann@example.com", "bob@example.com", "cid@example.com");
        var other = NewEmail(NewAccount(), "dan@example.com");
        await Store.AddAsync(email, Now);
        await Store.AddAsync(other, Now);
        var leased = (await LeaseAllAsync(Now)).Where(e => e.EmailId == email.Id || e.EmailId == other.Id).ToList();

        await Store.CompleteAllAsync([.. leased.Where(e => e.RecipientToken != email.Recipients[2].Token)]);
        var left = (await LeaseAllAsync(Now.AddDays(1))).Where(e => e.EmailId == email.Id || e.EmailId == other.Id).ToList();
        Assert.Equal([email.Recipients[2].Token], left.Select(e => e.RecipientToken));
    }

    [Fact]
    public async Task A_message_without_outbox_entries_is_stored_and_never_due()
    {
        var email = NewEmail(NewAccount(), "ann@example.com");
        await Store.AddAsync(email, outboxDue: null);

        Assert.NotNull(await Store.GetAsync(email.Id));
        Assert.DoesNotContain(await LeaseAllAsync(Now.AddDays(1)), e => e.EmailId == email.Id);
    }

    [Fact]
    public async Task Saved_changes_are_read_back_and_lists_filter_and_page_newest_first()
    {
        var account = NewAccount();
        var first = NewEmail(account, "ann@example.com") with { Draft = NewEmail(account, "x@example.com").Draft with { To = ["ann@example.com"], Tags = ["weekly", "news"] } };
        var second = NewEmail(account, "bob@example.com") with { Created = Now.AddMinutes(1) };
        await Store.AddAsync(first, null);
        await Store.AddAsync(second, null);
        await Store.AddAsync(NewEmail(NewAccount(), "ann@example.com"), null);
        await Store.SaveAsync(second with { Status = EmailStatus.Delivered, DeliveredAt = Now.AddMinutes(2) });

        Assert.Equal(EmailStatus.Delivered, (await Store.GetAsync(second.Id))!.Status);
        Assert.Equal([second.Id, first.Id], await IdsAsync(account, Query()));
        Assert.Equal([second.Id], await IdsAsync(account, Query() with { Status = EmailStatus.Delivered }));
        Assert.Equal([first.Id], await IdsAsync(account, Query() with { To = "ANN@example.com" }));
        Assert.Equal([first.Id], await IdsAsync(account, Query() with { Tags = ["news", "weekly"] }));
        Assert.Equal([second.Id], await IdsAsync(account, Query() with { FromDate = Now.AddSeconds(30) }));
        Assert.Equal([first.Id], await IdsAsync(account, Query() with { ToDate = Now.AddSeconds(30) }));
        Assert.Equal(2L, (await Store.ListAsync(account, Query() with { Limit = 1 })).Total);
        var past = await Store.ListAsync(account, Query() with { Offset = 5 });
        Assert.Equal((0, 2L), (past.Emails.Count, past.Total));
    }

    [Fact]
    public async Task Sends_sum_the_live_messages_recipient_copies_per_quarter_hour_with_the_people_who_opened_and_clicked()
    {
        var account = NewAccount();
        var first = NewEmail(account, "ann@example.com", "bob@example.com");
        var later = NewEmail(account, "cat@example.com") with { Created = Now.AddMinutes(20) };
        var queued = NewEmail(account, "dan@example.com");
        var test = NewEmail(account, "eve@example.com");
        test = test with { Draft = test.Draft with { Test = true } };
        var yesterday = NewEmail(account, "fay@example.com") with { Created = Now.AddDays(-1) };
        var theirs = NewEmail(NewAccount(), "gus@example.com");
        foreach (var email in new[] { first, later, queued, test, yesterday, theirs })
        {
            await Store.AddAsync(email, null);
            await Recipients.AddAsync(email.TrackingId, email.AccountId, [.. email.Recipients.Select(r => new NewRecipient(r.RecipientId, r.Token, new RecipientSpec(r.Email, null, null)))]);
        }
        await Store.SaveAsync(WithStatuses(first, EmailStatus.Delivered, EmailStatus.Bounced));
        await Store.SaveAsync(WithStatuses(later, EmailStatus.Delivered));
        await Store.SaveAsync(WithStatuses(test, EmailStatus.Sent));
        await Store.SaveAsync(WithStatuses(yesterday, EmailStatus.Delivered));
        await Store.SaveAsync(WithStatuses(theirs, EmailStatus.Delivered));
        // Ann opened and clicked, Bob's copy only a scanner opened, Cat opened; Eve's test copy was opened too.
        var open = Now.AddMinutes(30);
        await ApplyAsync([
            new RecipientActivity(first.Recipients[0].RecipientId, new HitCounts(1, 0), new HitCounts(1, 0), open, null, open, null),
            new RecipientActivity(first.Recipients[1].RecipientId, new HitCounts(1, 1), default, null, open, null, null),
            new RecipientActivity(later.Recipients[0].RecipientId, new HitCounts(1, 0), default, open, null, null, null),
            new RecipientActivity(test.Recipients[0].RecipientId, new HitCounts(1, 0), default, open, null, null, null),
        ]);

        var slots = await Store.SendsAsync(account, null, Now, Now.AddHours(1));

        Assert.Equal(
            [new EmailSendSlot(Now, 2, 1, 1, 1, 1), new EmailSendSlot(Now.AddMinutes(15), 1, 1, 0, 1, 0)],
            slots.Select(s => s with { Start = s.Start.ToUniversalTime() }));
        Assert.Equal([new EmailSendSlot(Now.AddMinutes(15), 1, 1, 0, 1, 0)],
            (await Store.SendsAsync(account, later.TrackingId, Now, Now.AddHours(1))).Select(s => s with { Start = s.Start.ToUniversalTime() }));
        Assert.Empty(await Store.SendsAsync(account, null, Now.AddHours(1), Now.AddHours(2)));
    }

    private static EmailInfo WithStatuses(EmailInfo email, params EmailStatus[] statuses) =>
        email with { Recipients = [.. email.Recipients.Select((r, i) => r with { Status = statuses[i] })], Status = statuses[0] };

    private static EmailQuery Query() => new(null, null, null, null, null, [], 0, 20);

    private async Task<List<long>> IdsAsync(long account, EmailQuery query) => [.. (await Store.ListAsync(account, query)).Emails.Select(e => e.Id)];

    private async Task<IReadOnlyList<OutboxEntry>> LeaseAllAsync(DateTimeOffset now, DateTimeOffset? until = null) =>
        await Store.LeaseAsync(now, until ?? now.AddMinutes(2), 10_000);

    private static long NewAccount() => Interlocked.Increment(ref _nextId);

    private static EmailInfo NewEmail(long account, params string[] to)
    {
        var id = Interlocked.Increment(ref _nextId);
        var draft = new EmailDraft("hello@yourapp.com", to, [], [], null, $"Subject {id}", "<p>Hi</p>", "Hi",
            [new EmailAttachment("a.txt", "text/plain", [1, 2, 3])], [], true, true, false, "http://localhost");
        var recipients = to.Select((a, i) => new EmailRecipient("to", a, id * 10 + i, $"r{id}x{i}", EmailStatus.Queued, null, null, null, 0)).ToList();
        return new EmailInfo(id, account, Now, draft, id + 1, null, [], recipients, EmailStatus.Queued, null, null, null);
    }
}
