using System.Net;
using System.Net.Sockets;

namespace MailTracker;

/// <summary>
/// Addresses and networks as MailTracker reads them everywhere (blacklists, trusted proxies, scraper networks, client
/// addresses): an entry is an address or a CIDR range, and an IPv4-mapped IPv6 address is the IPv4 address it maps.
/// </summary>
public static class IpNetworks
{
    public static IPAddress? Normalize(IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    /// <summary>An address (a network of just it) or a CIDR range; surrounding spaces are ignored.</summary>
    public static bool TryParse(string entry, out IPNetwork network)
    {
        entry = entry.Trim();
        if (IPNetwork.TryParse(entry, out network)) return true;
        if (IPAddress.TryParse(entry, out var address))
        {
            address = Normalize(address)!;
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        network = default;
        return false;
    }

    public static bool Contains(IPNetwork[] networks, IPAddress address)
    {
        foreach (var network in networks)
        {
            if (network.Contains(address)) return true;
        }
        return false;
    }
}
