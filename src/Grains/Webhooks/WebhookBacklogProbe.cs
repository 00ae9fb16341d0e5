using MailTracker.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Webhooks;

/// <summary>
/// Counts the webhook outbox's undelivered events for <c>mailtracker.webhooks.outbox.backlog</c> while the silo is
/// active: one bounded query every <see cref="Interval"/>, whoever scrapes how often, never one inside a scrape
/// (a gauge's callback cannot wait for a database).
/// </summary>
public sealed class WebhookBacklogProbe(IWebhookStore store, MailTrackerMetrics metrics, TimeProvider time, ILogger<WebhookBacklogProbe> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>Beyond this the gauge reads the limit: enough to tell a backlog that grows, cheap to count.</summary>
    public const int Limit = 100_000;

    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WebhookBacklogProbe), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _running = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                metrics.OutboxBacklog(await store.BacklogAsync(Limit, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The gauge keeps its last value; the next interval tries again.
                logger.LogWarning(e, "The webhook outbox backlog could not be counted");
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
