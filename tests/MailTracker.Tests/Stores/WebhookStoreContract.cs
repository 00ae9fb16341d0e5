using MailTracker.Grains.Webhooks;
using MailTracker.Webhooks;

namespace MailTracker.Tests.Stores;

/// <summary>What a webhook grain relies on from an <see cref="IWebhookStore"/>, whichever backend holds it (one webhook id per test).</summary>
public abstract class WebhookStoreContract
{
    protected abstract IWebhookStore Store { get; }

    [Fact]
    public async Task A_feeds_cursor_is_null_until_moved_and_then_where_it_was_last_moved()
    {
        var webhook = NewWebhook();
        Assert.Null(await Store.GetCursorAsync(webhook, WebhookFeed.Opens));

        await Store.EnqueueAsync(webhook, [], (WebhookFeed.Opens, new CommitCursor(5, 7)));
        await Store.EnqueueAsync(webhook, [], (WebhookFeed.Recipients, new CommitCursor(9, long.MaxValue)));
        await Store.EnqueueAsync(webhook, [], (WebhookFeed.Opens, new CommitCursor(6, 1)));

        Assert.Equal(new CommitCursor(6, 1), await Store.GetCursorAsync(webhook, WebhookFeed.Opens));
        Assert.Equal(new CommitCursor(9, long.MaxValue), await Store.GetCursorAsync(webhook, WebhookFeed.Recipients));
        Assert.Null(await Store.GetCursorAsync(webhook, WebhookFeed.Clicks));
        Assert.Null(await Store.GetCursorAsync(NewWebhook(), WebhookFeed.Opens));
    }

    [Fact]
    public async Task Enqueued_events_are_due_at_once_each_once_as_they_will_be_sent()
    {
        var webhook = NewWebhook();
        var (e1, e2) = (NewEvent(trackingId: 12), NewEvent());
        await Store.EnqueueAsync(webhook, [e1, e2], null);
        // An event read again (a retried page) stays one event; the cursor still moves.
        await Store.EnqueueAsync(webhook, [e1 with { DataJson = "{\"again\":true}" }], (WebhookFeed.Clicks, new CommitCursor(3, 4)));

        var due = await Store.DueAsync(webhook, DateTimeOffset.UtcNow, 10);
        // What is sent; the mail tracking an event was chosen by is not kept.
        Assert.Equal(new[] { e1 with { MailTrackingId = null }, e2 }.OrderBy(e => e.Id), due.Select(d => d.Event).OrderBy(e => e.Id));
        Assert.All(due, d => Assert.Equal(0, d.Attempts));
        Assert.All(due, d => Assert.InRange(d.Created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow));
        Assert.Equal(new CommitCursor(3, 4), await Store.GetCursorAsync(webhook, WebhookFeed.Clicks));
        Assert.Empty(await Store.DueAsync(NewWebhook(), DateTimeOffset.UtcNow, 10));
    }

    [Fact]
    public async Task Due_events_come_oldest_first_up_to_the_limit()
    {
        var webhook = NewWebhook();
        var events = new[] { NewEvent(), NewEvent(), NewEvent() };
        foreach (var e in events) await Store.EnqueueAsync(webhook, [e], null);

        Assert.Equal(events.Take(2), (await Store.DueAsync(webhook, DateTimeOffset.UtcNow, 2)).Select(d => d.Event));
        Assert.Equal(events, (await Store.DueAsync(webhook, DateTimeOffset.UtcNow, 10)).Select(d => d.Event));
    }

    [Fact]
    public async Task An_attempt_is_logged_and_schedules_the_next_or_ends_the_event()
    {
        var webhook = NewWebhook();
        var (e, other) = (NewEvent(), NewEvent());
        await Store.EnqueueAsync(webhook, [e, other], null);
        var now = DateTimeOffset.UtcNow;
        var retry = Trim(now.AddHours(1));

        var failed = new WebhookAttempt(e.Id, e.Event, 1, Trim(now), 503, 120, "Service Unavailable", false);
        await Store.RecordAsync(webhook, failed, retry);
        Assert.Equal([other.Id], (await Store.DueAsync(webhook, now.AddMinutes(1), 10)).Select(d => d.Event.Id));
        var again = Assert.Single(await Store.DueAsync(webhook, retry, 10), d => d.Event.Id == e.Id);
        Assert.Equal(1, again.Attempts);

        var delivered = new WebhookAttempt(e.Id, e.Event, 2, retry, 200, 15, null, true);
        await Store.RecordAsync(webhook, delivered, null);
        Assert.DoesNotContain(e.Id, (await Store.DueAsync(webhook, retry.AddDays(30), 10)).Select(d => d.Event.Id));

        Assert.Equal([delivered, failed], await Store.AttemptsAsync(webhook, 10));
        Assert.Equal([delivered], await Store.AttemptsAsync(webhook, 1));
        Assert.Empty(await Store.AttemptsAsync(NewWebhook(), 10));
    }

    [Fact]
    public async Task Deleting_a_webhook_empties_its_outbox_and_cursors_and_no_others()
    {
        var (webhook, neighbour) = (NewWebhook(), NewWebhook());
        await Store.EnqueueAsync(webhook, [NewEvent()], (WebhookFeed.Opens, new CommitCursor(1, 1)));
        var kept = NewEvent();
        await Store.EnqueueAsync(neighbour, [kept], (WebhookFeed.Opens, new CommitCursor(2, 2)));

        await Store.DeleteAsync(webhook);

        Assert.Empty(await Store.DueAsync(webhook, DateTimeOffset.UtcNow, 10));
        Assert.Null(await Store.GetCursorAsync(webhook, WebhookFeed.Opens));
        Assert.Equal([kept], (await Store.DueAsync(neighbour, DateTimeOffset.UtcNow, 10)).Select(d => d.Event));
        Assert.Equal(new CommitCursor(2, 2), await Store.GetCursorAsync(neighbour, WebhookFeed.Opens));
    }

    private static long NewWebhook() => Random.Shared.NextInt64(1, 1L << 48);

    /// <summary>PostgreSQL keeps microseconds: times that must survive exactly have no finer part.</summary>
    private static DateTimeOffset Trim(DateTimeOffset time) => new(time.UtcTicks / 10 * 10, TimeSpan.Zero);

    private static WebhookEvent NewEvent(long? trackingId = null) =>
        new(Guid.NewGuid(), WebhookEvents.EmailOpened, Trim(DateTimeOffset.UtcNow), $"{{\"n\":\"{Guid.NewGuid():N}\"}}", trackingId);
}
