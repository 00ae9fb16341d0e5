using System.Net;
using MailTracker.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MailTracker.Api.Metrics;

/// <summary>
/// Lets an operator (admin role) or a scraper on an allowed network read the metrics. The address is the one
/// <see cref="ClientIpResolver"/> finds, so a forwarded address counts only when a trusted proxy sent it.
/// </summary>
public sealed class MetricsAccessHandler(IOptions<MetricsEndpointOptions> options, ClientIpResolver clientIp) : AuthorizationHandler<MetricsAccessRequirement>
{
    private readonly IPNetwork[] _scrapers = MetricsEndpointOptions.ParseScraperNetworks(options.Value.ScraperNetworks);

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsAccessRequirement requirement)
    {
        if (context.User.IsInRole("admin")
            || (_scrapers.Length > 0 && context.Resource is HttpContext http && clientIp.Resolve(http) is { } address && IpNetworks.Contains(_scrapers, address)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
