using System.Text;
using System.Text.Json;
using MailTracker.Api.Http;
using MailTracker.Api.Recipients;
using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Live;
using MailTracker.Recipients;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MailTracker.Api.Events;

/// <summary>
/// One client's server-sent event stream: reads the account's feed on from its cursor and writes each event with its cursor as
/// its id. Written by hand (the format is four line kinds): .NET's SSE formatter writes no comment lines, the heartbeat.
/// </summary>
public sealed class EventStream(HttpResponse response, IHitDataStore store, JsonSerializerOptions json, TimeProvider time, long accountId, long? trackingId)
{
    private const int PageSize = 500;

    private CommitCursor _cursor;

    /// <summary>Whether a live hit is one this stream shows (its account's, of its tracking if it has one).</summary>
    public bool Shows(LiveHit hit) => trackingId is not { } tracking || hit.TrackingId == tracking;

    /// <summary>The response starts: the headers, the reconnection delay, then whatever the feed holds after <paramref name="from"/>.</summary>
    public async Task StartAsync(CommitCursor from, int retryMilliseconds, CancellationToken cancellationToken)
    {
        _cursor = from;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx would otherwise hold events back in their buffers.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.WriteAsync($"retry: {retryMilliseconds}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Sends every event the feed shows after the cursor; answers the hit ids sent.</summary>
    public async Task<IReadOnlyList<Guid>> ReadOnAsync(CancellationToken cancellationToken)
    {
        List<Guid>? shown = null;
        EventPage page;
        do
        {
            page = await store.AllEventsAsync(accountId, trackingId, _cursor, PageSize, cancellationToken);
            if (page.Events.Count == 0) break;
            var text = new StringBuilder();
            foreach (var e in page.Events)
            {
                text.Append("event: ").Append(e.Kind == HitKind.Open ? "open" : "click").Append('\n')
                    .Append("id: ").Append(Cursors.Encode(e.Position)).Append('\n')
                    .Append("data: ").Append(JsonSerializer.Serialize(e.ToResponse(), json)).Append("\n\n");
                (shown ??= []).Add(e.Id);
            }
            await response.WriteAsync(text.ToString(), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            // Advanced only once written: a write that fails leaves nothing half-sent behind the cursor the client resumes from.
            _cursor = page.Next;
        }
        while (page.HasMore);
        return shown ?? (IReadOnlyList<Guid>)[];
    }

    public async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await response.WriteAsync($": keep-alive {time.GetUtcNow():O}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
