using System.Net;
using MailTracker.Api.Http;

namespace MailTracker.Api.Metrics;

/// <summary>The <c>MailTracker:Metrics</c> configuration section (environment: <c>MailTracker__Metrics__…</c>).</summary>
public sealed class MetricsEndpointOptions
{
    public const string Section = "MailTracker:Metrics";

    /// <summary>The scrape endpoint's path.</summary>
    public const string Path = "/metrics";

    /// <summary>
    /// Addresses and CIDR ranges that may read <see cref="Path"/> without the admin token (a Prometheus server's
    /// network). Matched against the client address: the connection's peer, or what a trusted proxy forwarded.
    /// </summary>
    public string ScraperNetworks { get; set; } = "";

    /// <summary>The networks of <see cref="ScraperNetworks"/>.</summary>
    /// <exception cref="FormatException">An entry is neither an address nor a CIDR range.</exception>
    public static IPNetwork[] ParseScraperNetworks(string? list) => ClientIpResolver.ParseNetworks(list, "MailTracker__Metrics__ScraperNetworks");
}
