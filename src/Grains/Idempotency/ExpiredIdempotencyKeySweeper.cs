using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Idempotency;

/// <summary>
/// Deletes expired idempotency keys every <see cref="Interval"/>: a key that is never sent again would otherwise stay. Every silo
/// sweeps; the sweeps skip each other's locked rows.
/// </summary>
public sealed class ExpiredIdempotencyKeySweeper(IIdempotencyStore store, TimeProvider time, ILogger<ExpiredIdempotencyKeySweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.DeleteExpiredAsync(time.GetUtcNow(), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Expired keys are never answered, only kept a while longer: the next interval tries again.
                    logger.LogWarning(e, "Expired idempotency keys could not be deleted");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }
}
