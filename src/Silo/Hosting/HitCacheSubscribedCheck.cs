using MailTracker.Grains.Hits;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailTracker.Silo.Hosting;

/// <summary>Ready when this silo's hit caches hear of changes made through other silos (see <see cref="HitPipelineLifecycle.IsSubscribed"/>).</summary>
public sealed class HitCacheSubscribedCheck(HitPipelineLifecycle pipeline) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(pipeline.IsSubscribed
            ? HealthCheckResult.Healthy("The hit caches are subscribed to the cluster's changes.")
            : HealthCheckResult.Unhealthy("The hit caches are not subscribed to the cluster's changes yet."));
}
