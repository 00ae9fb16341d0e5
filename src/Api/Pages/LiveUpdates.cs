using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using MailTracker.Grains.Live;
using MailTracker.Trackings;
using Microsoft.Extensions.Logging;

namespace MailTracker.Api.Pages;

/// <summary>
/// The tracking page's live channel: a new snapshot whenever the tracking's hits were counted, woken by the account's live
/// notices and, because a notice can be lost (or the live stream is not there), by a one-second look at the tracking's
/// counters, which costs one call to the tracking's grain; the snapshot itself is read only when they moved.
/// </summary>
public sealed class LiveUpdates(IGrainFactory grains, ILiveHits live, TrackingSnapshotReader reader, TimeProvider clock, ILogger<LiveUpdates> logger)
{
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    /// <summary>How often a live page's session is checked again (a sign-out or a revoked key ends the channel).</summary>
    public static readonly TimeSpan SessionCheck = TimeSpan.FromSeconds(30);

    public async IAsyncEnumerable<string> StreamAsync(
        long accountId, long trackingId, int page, TimeZoneInfo zone, Func<Task<bool>> signedIn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = Task.Run(() => WatchAsync(accountId, trackingId, wake.Writer, watch.Token), CancellationToken.None);
        try
        {
            string? sent = null;
            string? counted = null;
            var woken = true;
            var checkedAt = clock.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await grains.GetGrain<IMailTrackingGrain>(trackingId).GetAsync(accountId) is not { } tracking) yield break;
                var counts = Counts(tracking);
                if (woken || counts != counted)
                {
                    // Not cancelled midway: one bounded read, and the channel ends at the next turn anyway.
                    if (await reader.ReadAsync(tracking, page, zone, CancellationToken.None) is not { } snapshot) yield break;
                    counted = counts;
                    var json = JsonSerializer.Serialize(snapshot, PageJson.Options);
                    if (json != sent)
                    {
                        sent = json;
                        yield return json;
                    }
                }
                woken = await WaitAsync(wake.Reader, cancellationToken);
                if (clock.GetUtcNow() - checkedAt > SessionCheck)
                {
                    if (!await signedIn()) yield break;
                    checkedAt = clock.GetUtcNow();
                }
            }
        }
        finally
        {
            await watch.CancelAsync();
            await watching;
        }
    }

    /// <summary>True when a notice woke it, false when the fallback did (or the channel ends).</summary>
    private async Task<bool> WaitAsync(ChannelReader<bool> wake, CancellationToken cancellationToken)
    {
        var notice = wake.WaitToReadAsync(cancellationToken).AsTask();
        var done = await Task.WhenAny(notice, Task.Delay(Fallback, clock, cancellationToken));
        if (done != notice || !notice.IsCompletedSuccessfully) return false;
        wake.TryRead(out _);
        return true;
    }

    private async Task WatchAsync(long accountId, long trackingId, ChannelWriter<bool> wake, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var notice in live.WatchAsync(accountId, cancellationToken))
            {
                if (notice.Hits.Any(h => h.TrackingId == trackingId)) wake.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away.
        }
#pragma warning disable CA1031 // The fallback keeps the page live without notices: a broken watch must not end the channel.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "The live watch of account {AccountId} failed; the tracking page falls back to polling its counters", accountId);
        }
    }

    private static string Counts(MailTrackingInfo tracking) =>
        string.Join(',', new[] { tracking.Pixel }.Concat(tracking.Links).OfType<TrackableInfo>().Select(t => $"{t.Id}:{t.Counts.Total}:{t.Counts.Bots}"));
}
