using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MailTracker.Api.Http;

/// <summary>
/// The client address of a request: the connection's peer, or — only when that peer is a trusted proxy —
/// the right-most address of X-Forwarded-For that is not itself a trusted proxy.
/// </summary>
public sealed class ClientIpResolver(IOptions<MailTrackerOptions> options)
{
    private readonly IPNetwork[] _trusted = ParseTrustedProxies(options.Value.TrustedProxies);

    public IPAddress? Resolve(HttpContext context)
    {
        var peer = IpNetworks.Normalize(context.Connection.RemoteIpAddress);
        if (peer is null || !IsTrusted(peer)) return peer;
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length == 0) return peer;
        var hops = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop)) return peer;
            hop = IpNetworks.Normalize(hop)!;
            if (!IsTrusted(hop)) return hop;
        }
        return peer;
    }

    private bool IsTrusted(IPAddress address) => IpNetworks.Contains(_trusted, address);

    /// <summary>Addresses and CIDR ranges separated by commas, semicolons or spaces.</summary>
    /// <exception cref="FormatException">An entry is neither.</exception>
    public static IPNetwork[] ParseTrustedProxies(string? list) => ParseNetworks(list, "MailTracker__TrustedProxies");

    /// <summary>Addresses and CIDR ranges separated by commas, semicolons or spaces; <paramref name="setting"/> names the list in errors.</summary>
    /// <exception cref="FormatException">An entry is neither.</exception>
    public static IPNetwork[] ParseNetworks(string? list, string setting) =>
        [.. (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => IpNetworks.TryParse(entry, out var network) ? network
                : throw new FormatException($"{setting}: '{entry}' is not an IP address or CIDR range."))];
}
