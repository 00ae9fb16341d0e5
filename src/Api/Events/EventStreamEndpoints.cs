using System.Globalization;
using System.Security.Claims;
using System.Threading.Channels;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Live;
using MailTracker.Live;
using MailTracker.Trackings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MailTracker.Api.Events;

/// <summary>
/// <c>GET /api/v1/events/stream</c>: the account's opens and clicks as server-sent events, the same events as the feeds in one
/// commit order. The feed is the truth: the stream reads it on from its cursor, first to catch up, then whenever the
/// account's live stream says hits were counted (and every second anyway, since a notice can be lost), so a client that
/// resumes with the last id it got misses and repeats nothing.
/// </summary>
public static class EventStreamEndpoints
{
    /// <summary>Read the feed this often even without a notice: a notice can be lost (a silo died, a dropped subscription).</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a notice, read this often until its hits show: the feed shows a hit only once every partition's position has passed
    /// it, which an idle partition's tailer reaches within a second.
    /// </summary>
    private static readonly TimeSpan EagerPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>A notice's hits not shown by then (deleted meanwhile) are not waited for any more.</summary>
    private static readonly TimeSpan EagerFor = TimeSpan.FromSeconds(3);

    /// <summary>A comment line this often keeps proxies and browsers from closing a quiet stream.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>What a browser's EventSource waits before it reconnects.</summary>
    private const int RetryMilliseconds = 2000;

    public static RouteGroupBuilder MapEventStreamApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1", "Events");
        api.MapGet("/events/stream", StreamAsync)
            .WithName("streamEvents")
            .WithSummary("Opens and clicks as server-sent events, resumable with Last-Event-ID (or ?after=) = the feed cursor")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Produces<ErrorEnvelope>(StatusCodes.Status400BadRequest)
            .Produces<ErrorEnvelope>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<EmptyHttpResult, JsonHttpResult<ErrorEnvelope>>> StreamAsync(
        string? mailTrackingId, string? after, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, HttpContext context, ClaimsPrincipal user,
        IGrainFactory grains, IHitDataStore store, ILiveHits live, IHostApplicationLifetime lifetime, IOptions<JsonOptions> json, TimeProvider time)
    {
        // A browser's reconnect sends Last-Event-ID on the URL it first opened, whose ?after= is older.
        var given = string.IsNullOrEmpty(lastEventId) ? after : lastEventId;
        CommitCursor? cursor = null;
        if (!string.IsNullOrEmpty(given) && (cursor = Cursors.DecodeCommit(given)) is null)
        {
            return Envelope.Validation("Last-Event-ID (or after) is not a cursor this API gave out.");
        }
        var accountId = user.AccountId();
        long? trackingId = null;
        if (!string.IsNullOrEmpty(mailTrackingId))
        {
            if (!long.TryParse(mailTrackingId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return Envelope.Validation("mailTrackingId must be a mail tracking id.");
            if (await grains.GetGrain<IMailTrackingGrain>(id).GetAsync(accountId) is null) return Envelope.NotFound("Mail tracking");
            trackingId = id;
        }

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var stream = new EventStream(context.Response, store, json.Value.SerializerOptions, time, accountId, trackingId);
        try
        {
            // Before the first read, so that nothing counted between the read and the subscription goes unnoticed.
            var notices = Channel.CreateBounded<CountedHitsNotice>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
            var watching = WatchAsync(live, accountId, notices.Writer, ending.Token);
            try
            {
                await stream.StartAsync(cursor ?? await store.EventsEndAsync(ending.Token), RetryMilliseconds, ending.Token);
                await FollowAsync(stream, notices.Reader, time, ending.Token);
            }
            finally
            {
                await ending.CancelAsync();
                await watching;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ending.IsCancellationRequested)
        {
            // The client went away or the silo is stopping: the watch is over, the client resumes from its last id.
        }
        return TypedResults.Empty;
    }

    private static async Task WatchAsync(ILiveHits live, long accountId, ChannelWriter<CountedHitsNotice> notices, CancellationToken ending)
    {
        await Task.Yield();
        try
        {
            await foreach (var notice in live.WatchAsync(accountId, ending)) notices.TryWrite(notice);
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
        }
        finally
        {
            notices.TryComplete();
        }
    }

    private static async Task FollowAsync(EventStream stream, ChannelReader<CountedHitsNotice> notices, TimeProvider time, CancellationToken ending)
    {
        // Hits a notice named that the stream has not shown yet, and when they were noticed.
        var pending = new Dictionary<Guid, long>();
        var lastWrite = time.GetTimestamp();
        Task<bool>? noticed = null;
        while (!ending.IsCancellationRequested)
        {
            var shown = await stream.ReadOnAsync(ending);
            foreach (var id in shown) pending.Remove(id);
            foreach (var (id, since) in pending.ToList())
            {
                if (time.GetElapsedTime(since) > EagerFor) pending.Remove(id);
            }
            if (shown.Count > 0) lastWrite = time.GetTimestamp();
            else if (time.GetElapsedTime(lastWrite) >= Heartbeat)
            {
                await stream.HeartbeatAsync(ending);
                lastWrite = time.GetTimestamp();
            }

            noticed ??= notices.WaitToReadAsync(ending).AsTask();
            await Task.WhenAny(noticed, Task.Delay(pending.Count > 0 ? EagerPoll : Poll, time, ending));
            if (!noticed.IsCompleted) continue;
            if (!await noticed)
            {
                // The watch ended (the silo is stopping): the feed is still read every second until the connection ends.
                noticed = new TaskCompletionSource<bool>().Task;
                continue;
            }
            noticed = null;
            while (notices.TryRead(out var notice))
            {
                foreach (var hit in notice.Hits)
                {
                    if (stream.Shows(hit)) pending.TryAdd(hit.HitId, time.GetTimestamp());
                }
            }
        }
    }
}
