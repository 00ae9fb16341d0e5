using Microsoft.AspNetCore.Authorization;

namespace MailTracker.Api.Metrics;

/// <summary>Met by the admin token or by a client address in <see cref="MetricsEndpointOptions.ScraperNetworks"/>.</summary>
public sealed class MetricsAccessRequirement : IAuthorizationRequirement
{
    /// <summary>The policy of <see cref="MetricsEndpointOptions.Path"/>.</summary>
    public const string Policy = "Metrics";
}
