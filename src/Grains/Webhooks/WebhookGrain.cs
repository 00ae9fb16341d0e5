using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailTracker.Accounts;
using MailTracker.Diagnostics;
using MailTracker.Grains.Classification;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Locations;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Trackings;
using MailTracker.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailTracker.Grains.Webhooks;

/// <summary>
/// A webhook. While enabled it reads its account's event feeds from its own cursors into its own outbox (one
/// transaction per page, so an event is queued exactly once) and delivers what is due, 16 at a time. A
/// reminder brings it back after a crash or restart; the outbox keeps every undelivered event until it is
/// delivered or its schedule gives up. Nothing here runs inside the hit tailers' turns.
/// </summary>
public sealed class WebhookGrain(
    [PersistentState("webhook", StorageNames.Default)] IPersistentState<WebhookState> state,
    IWebhookStore store,
    IHitDataStore hits,
    IRecipientStore recipients,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    MailTrackerMetrics metrics,
    UserAgentDescriber describer,
    HitLocator locator,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IRemindable
{
    private const string ReminderName = "deliver";
    private const int PageSize = 500;

    /// <summary>Up to 10,000 events a feed a tick: a webhook keeps up with the hits it wants, and a tick stays short.</summary>
    private const int MaxPagesPerTick = 20;
    /// <summary>Deliveries in flight at once: enough to drain a backlog quickly, few enough for any receiver.</summary>
    private const int MaxInFlight = 16;
    private const int DueBatch = 200;
    /// <summary>Trackings whose owning message is remembered; past it the memory starts afresh (asking again is one grain call a tracking).</summary>
    private const int MaxKnownTrackings = 100_000;

    private readonly Dictionary<WebhookFeed, CommitCursor> _cursors = [];
    private readonly Queue<OutboxItem> _waiting = new();
    private readonly HashSet<Guid> _pending = [];
    /// <summary>Each tracking's owning message (null: an ordinary tracking); fixed at the tracking's creation.</summary>
    private readonly Dictionary<long, long?> _emailIds = [];
    private int _inFlight;
    private IGrainTimer? _timer;
    private int _consecutiveFailures;
    private DateTimeOffset? _failingSince;

    private long Id => this.GetPrimaryKeyLong();

    private bool Exists => state.State.Spec is not null && !state.State.Deleted;

    private bool Active => Exists && state.State.Spec!.Enabled && state.State.DisabledReason is null;

    private bool Owns(long accountId) => Exists && state.State.AccountId == accountId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Active) StartTimer();
        return Task.CompletedTask;
    }

    public async Task<Result<WebhookInfo>> CreateAsync(long accountId, WebhookSpec spec, string secret)
    {
        if (sender.UrlProblem(spec.Url) is { } problem) return Result<WebhookInfo>.Fail(Outcome.Invalid, problem);
        if (state.State.Spec is null)
        {
            state.State.AccountId = accountId;
            state.State.Spec = spec;
            state.State.Secret = secret;
            state.State.Created = time.GetUtcNow();
            // From now on: a new webhook is not sent the account's past.
            foreach (var feed in Feeds(spec)) await StartCursorAsync(feed);
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            if (Active) StartTimer();
        }
        return Result<WebhookInfo>.Ok(Info());
    }

    public Task<WebhookInfo?> GetAsync(long accountId) => Task.FromResult(Owns(accountId) ? Info() : null);

    public async Task<Result<WebhookInfo>> UpdateAsync(long accountId, WebhookUpdate update)
    {
        if (!Owns(accountId)) return Result<WebhookInfo>.Fail(Outcome.NotFound);
        if (update.Url is { } url && sender.UrlProblem(url) is { } problem) return Result<WebhookInfo>.Fail(Outcome.Invalid, problem);
        var spec = state.State.Spec!;
        var updated = spec with
        {
            Url = update.Url ?? spec.Url,
            Events = update.Events ?? spec.Events,
            MailTrackingId = update.AllTrackings ? null : update.MailTrackingId ?? spec.MailTrackingId,
            Enabled = update.Enabled ?? spec.Enabled,
        };
        var wasActive = Active;
        // Enabling again clears an automatic disable and starts counting failures afresh.
        if (update.Enabled == true)
        {
            state.State.DisabledReason = null;
            _consecutiveFailures = 0;
            _failingSince = null;
        }
        state.State.Spec = updated;
        // A disabled webhook is sent nothing of its time off: enabled again, it reads on from now. Newly
        // wanted events likewise start now. What was queued while it was enabled is still delivered.
        var restart = !wasActive && Active ? Feeds(updated) : Feeds(updated).Except(Feeds(spec));
        foreach (var feed in restart.ToList()) await StartCursorAsync(feed);
        await state.WriteStateAsync();
        if (Active) StartTimer();
        return Result<WebhookInfo>.Ok(Info());
    }

    public async Task<bool> DeleteAsync(long accountId)
    {
        if (!Owns(accountId)) return false;
        state.State.Deleted = true;
        await state.WriteStateAsync();
        _timer?.Dispose();
        await store.DeleteAsync(Id);
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
        // Marked deleted first: should this not be reached, the account's list still shows only live webhooks.
        await GrainFactory.GetGrain<IAccountGrain>(accountId).ForgetWebhookAsync(Id);
        return true;
    }

    public async Task<IReadOnlyList<WebhookAttempt>?> GetDeliveriesAsync(long accountId, int limit) =>
        Owns(accountId) ? await store.AttemptsAsync(Id, limit) : null;

    public async Task RaiseAsync(WebhookEvent webhookEvent)
    {
        var spec = state.State.Spec;
        if (!Active || !spec!.Events.Contains(webhookEvent.Event)) return;
        if (spec.MailTrackingId is { } only && webhookEvent.MailTrackingId != only) return;
        await store.EnqueueAsync(Id, [webhookEvent], null);
    }

    public async Task<WebhookAttempt?> SendTestAsync(long accountId)
    {
        if (!Owns(accountId)) return null;
        var now = time.GetUtcNow();
        var test = new WebhookEvent(Guid.CreateVersion7(), WebhookEvents.Test, now,
            JsonSerializer.Serialize(new { webhookId = Id, message = "A test event from MailTracker." }), null);
        var result = await sender.SendAsync(state.State.Spec!.Url, state.State.Secret, test, 1);
        await store.RecordAsync(Id, result.Attempt, null);
        return result.Attempt;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation started the timer; the reminder exists only to activate the grain after a restart.
        if (Active) StartTimer();
        return Task.CompletedTask;
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.PollInterval) { KeepAlive = true, Interleave = false });

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!Active) return;
        try
        {
            foreach (var feed in Feeds(state.State.Spec!)) await ReadFeedAsync(feed, cancellationToken);
            await DeliverDueAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing is lost: the cursor and the outbox only move when their writes commit.
            logger.LogWarning(e, "Webhook {Webhook}: a delivery round failed; retrying on the next tick", Id);
        }
    }

    private async Task ReadFeedAsync(WebhookFeed feed, CancellationToken cancellationToken)
    {
        var cursor = _cursors.TryGetValue(feed, out var known) ? known : await store.GetCursorAsync(Id, feed, cancellationToken) ?? await StartCursorAsync(feed);
        for (var page = 0; page < MaxPagesPerTick; page++)
        {
            var (events, next, more) = await ReadPageAsync(feed, cursor, cancellationToken);
            if (next == cursor) break;
            // The page's events and the cursor move together: an event is queued once, whatever crashes when.
            await store.EnqueueAsync(Id, events, (feed, next), cancellationToken);
            _cursors[feed] = cursor = next;
            if (!more) break;
        }
    }

    private async Task<(IReadOnlyList<WebhookEvent> Events, CommitCursor Next, bool More)> ReadPageAsync(WebhookFeed feed, CommitCursor cursor, CancellationToken cancellationToken)
    {
        var spec = state.State.Spec!;
        if (feed != WebhookFeed.Recipients)
        {
            var page = await hits.EventsAsync(state.State.AccountId, (HitKind)feed, spec.MailTrackingId, cursor, PageSize, cancellationToken);
            await LearnEmailIdsAsync(page.Events);
            return ([.. page.Events.Select(ToWebhookEvent)], page.Next, page.HasMore);
        }
        var changed = await recipients.UnsubscribedOrBouncedAsync(state.State.AccountId, cursor, PageSize, cancellationToken);
        var events = new List<WebhookEvent>();
        foreach (var r in changed.Recipients.Where(r => spec.MailTrackingId is null || r.TrackingId == spec.MailTrackingId))
        {
            // One event per recipient and kind, whatever else changed on it since: its id follows from both,
            // so reading the same recipient again queues nothing twice.
            if (r.Unsubscribed is { } unsubscribed && spec.Events.Contains(WebhookEvents.RecipientUnsubscribed)) events.Add(RecipientEvent(WebhookEvents.RecipientUnsubscribed, r, unsubscribed));
            if (r.Bounced is { } bounced && spec.Events.Contains(WebhookEvents.RecipientBounced)) events.Add(RecipientEvent(WebhookEvents.RecipientBounced, r, bounced));
        }
        return (events, changed.Next, changed.HasMore);
    }

    private static WebhookEvent RecipientEvent(string name, RecipientInfo r, DateTimeOffset at)
    {
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}:{r.Id}")).AsSpan(0, 16));
        return new WebhookEvent(id, name, at,
            JsonSerializer.Serialize(new { id, recipient = r.Token, recipientId = r.Id, mailTrackingId = r.TrackingId, email = r.Email, date = at }), r.TrackingId);
    }

    /// <summary>
    /// Tops up the deliveries in flight from what is due. A delivery is not awaited here: the tick goes on
    /// reading the feed into the outbox however long a receiver takes, and each finished delivery starts
    /// the next one at once, so a backlog drains as fast as the receiver answers.
    /// </summary>
    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        if (_waiting.Count < MaxInFlight)
        {
            foreach (var item in await store.DueAsync(Id, time.GetUtcNow(), DueBatch, cancellationToken))
            {
                if (_pending.Add(item.Event.Id)) _waiting.Enqueue(item);
            }
        }
        StartDeliveries();
    }

    private void StartDeliveries()
    {
        while (_inFlight < MaxInFlight && Active && _waiting.TryDequeue(out var item))
        {
            _inFlight++;
            _ = DeliverAsync(item);
        }
    }

    private async Task DeliverAsync(OutboxItem item)
    {
        WebhookDeliveryOutcome? outcome = null;
        try
        {
            var result = await sender.SendAsync(state.State.Spec!.Url, state.State.Secret, item.Event, item.Attempts + 1);
            var next = NextAttempt(item, result);
            await store.RecordAsync(Id, result.Attempt, next);
            outcome = result.Attempt.Delivered ? WebhookDeliveryOutcome.Delivered
                : next is null ? WebhookDeliveryOutcome.GaveUp
                : WebhookDeliveryOutcome.Failed;
            if (await CountAsync(result)) outcome = WebhookDeliveryOutcome.Disabled;
        }
        catch (Exception e)
        {
            // Not recorded, so still due: it is tried again on a later tick.
            outcome ??= WebhookDeliveryOutcome.Unrecorded;
            logger.LogWarning(e, "Webhook {Webhook}: recording a delivery of {Event} failed", Id, item.Event.Id);
        }
        finally
        {
            metrics.WebhookDelivery(outcome ?? WebhookDeliveryOutcome.Unrecorded);
            _inFlight--;
            _pending.Remove(item.Event.Id);
            StartDeliveries();
        }
    }

    /// <summary>Null ends the event: delivered, or its schedule gave up. Otherwise exponential backoff with jitter, or the receiver's Retry-After.</summary>
    private DateTimeOffset? NextAttempt(OutboxItem item, SendResult result)
    {
        if (result.Attempt.Delivered) return null;
        var now = time.GetUtcNow();
        var settings = options.Value;
        if (now - item.Created >= settings.GiveUpAfter) return null;
        var backoff = settings.FirstRetryDelay * Math.Pow(2, Math.Min(result.Attempt.Attempt - 1, 30));
        if (backoff > settings.MaxRetryDelay) backoff = settings.MaxRetryDelay;
        backoff *= 0.8 + Random.Shared.NextDouble() * 0.4;
        if (result.Attempt.StatusCode is 429 or 503 && result.RetryAfter is { } asked && asked > backoff)
        {
            backoff = asked < settings.MaxRetryDelay ? asked : settings.MaxRetryDelay;
        }
        return now + backoff;
    }

    /// <summary>
    /// 410 disables at once; failures that go on long enough disable too, with the reason shown. The failure
    /// count lives in memory (a restart starts it afresh); only a disable is written. True when this attempt disabled the webhook.
    /// </summary>
    private async Task<bool> CountAsync(SendResult result)
    {
        var s = state.State;
        if (result.Attempt.Delivered)
        {
            _consecutiveFailures = 0;
            _failingSince = null;
            return false;
        }
        var wasDisabled = s.DisabledReason is not null;
        if (result.Attempt.StatusCode == 410)
        {
            s.DisabledReason = "The receiver answered 410 Gone.";
        }
        else
        {
            _consecutiveFailures++;
            _failingSince ??= result.Attempt.At;
            var settings = options.Value;
            if (_consecutiveFailures >= settings.DisableAfterFailures && result.Attempt.At - _failingSince >= settings.DisableAfter)
            {
                s.DisabledReason = $"{_consecutiveFailures} deliveries in a row failed since {_failingSince:u}; the last: {result.Attempt.Error}";
            }
        }
        if (s.DisabledReason is null) return false;
        await state.WriteStateAsync();
        logger.LogWarning("Webhook {Webhook} disabled: {Reason}", Id, s.DisabledReason);
        return !wasDisabled;
    }

    private async Task<CommitCursor> StartCursorAsync(WebhookFeed feed)
    {
        var start = feed == WebhookFeed.Recipients ? await recipients.UpdatesEndAsync() : await hits.EventsEndAsync();
        await store.EnqueueAsync(Id, [], (feed, start));
        _cursors[feed] = start;
        return start;
    }

    /// <summary>
    /// Asks the trackings of the page not seen before which message owns them: once a tracking, off the hit path (the hits
    /// and their feeds carry no message id).
    /// </summary>
    private async Task LearnEmailIdsAsync(IReadOnlyList<HitEvent> events)
    {
        var unknown = events.Select(e => e.TrackingId).Distinct().Where(id => !_emailIds.ContainsKey(id)).ToList();
        if (unknown.Count == 0) return;
        if (_emailIds.Count + unknown.Count > MaxKnownTrackings) _emailIds.Clear();
        var owners = await Task.WhenAll(unknown.Select(id => GrainFactory.GetGrain<IMailTrackingGrain>(id).GetEmailIdAsync()));
        for (var i = 0; i < unknown.Count; i++) _emailIds[unknown[i]] = owners[i];
    }

    /// <summary>
    /// The event as MailSignal's webhooks show it (client, device, place), with MailTracker's verdict; the place and the client
    /// are derived when the event is made, from what the tracking's privacy settings kept.
    /// </summary>
    private WebhookEvent ToWebhookEvent(HitEvent e)
    {
        var agent = describer.Describe(e.UserAgent);
        var place = locator.Locate(e.IpAddress);
        return new(
            e.Id,
            WebhookEvents.Of(e.Kind),
            e.Date ?? time.GetUtcNow(),
            JsonSerializer.Serialize(new
            {
                id = e.Id,
                mailTrackingId = e.TrackingId,
                emailId = _emailIds.GetValueOrDefault(e.TrackingId),
                pixelId = e.Kind == HitKind.Open ? e.EntityId : (long?)null,
                linkId = e.Kind == HitKind.Click ? e.EntityId : (long?)null,
                recipient = e.Recipient,
                date = e.Date,
                emailClient = agent.EmailClient,
                device = agent.Device,
                os = agent.Os,
                location = place is null ? null : new { city = place.City, country = place.Country },
                locationHash = e.Location,
                bot = e.Bot,
                botReason = e.BotReason,
                proxy = e.Proxy,
            }),
            e.TrackingId);
    }

    private static IEnumerable<WebhookFeed> Feeds(WebhookSpec spec)
    {
        if (spec.Events.Contains(WebhookEvents.EmailOpened)) yield return WebhookFeed.Opens;
        if (spec.Events.Contains(WebhookEvents.LinkClicked)) yield return WebhookFeed.Clicks;
        if (spec.Events.Contains(WebhookEvents.RecipientUnsubscribed) || spec.Events.Contains(WebhookEvents.RecipientBounced)) yield return WebhookFeed.Recipients;
    }

    private WebhookInfo Info() => new(Id, state.State.AccountId, state.State.Spec!, state.State.Created, state.State.DisabledReason, _consecutiveFailures);
}
