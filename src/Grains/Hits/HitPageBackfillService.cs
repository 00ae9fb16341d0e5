using MailTracker.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Runs the <see cref="HitPageBackfill"/> at start-up and every minute: while silos of the previous version still consume hits
/// without paging them, their ranges are read from the tail index (right, but slower); this keeps those ranges a minute long.
/// </summary>
public sealed class HitPageBackfillService(HitPageBackfill backfill, MailTrackerMetrics metrics, TimeProvider time, ILogger<HitPageBackfillService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    var chunks = await backfill.RunAsync(stoppingToken);
                    metrics.PagesBackfilled(chunks);
                    if (chunks > 0) logger.LogInformation("Hit pages: back-filled {Chunks} chunk(s) consumed without pages", chunks);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Unpaged ranges are read from the tail index meanwhile: the next interval tries again.
                    logger.LogWarning(e, "Hit pages: the back-fill failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }
}
