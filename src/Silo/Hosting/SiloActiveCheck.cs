using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailTracker.Silo.Hosting;

/// <summary>Ready when this silo is an Active member of its cluster.</summary>
public sealed class SiloActiveCheck(IClusterMembershipService membership, ILocalSiloDetails localSilo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("Silo is active.")
            : HealthCheckResult.Unhealthy($"Silo is {status}."));
    }
}
