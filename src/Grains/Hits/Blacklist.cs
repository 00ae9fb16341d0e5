using System.Net;

namespace MailTracker.Grains.Hits;

/// <summary>Blacklist entries: single IPv4/IPv6 addresses or CIDR ranges.</summary>
public static class Blacklist
{
    public static bool Contains(IPNetwork[] networks, IPAddress ip)
    {
        foreach (var network in networks)
        {
            if (network.Contains(ip)) return true;
        }
        return false;
    }

    /// <summary>The networks of an account's entries (entries that do not parse are ignored).</summary>
    public static IPNetwork[] Parse(IEnumerable<string> entries) => [.. entries.Select(Parse).OfType<IPNetwork>()];

    public static IPNetwork? Parse(string entry)
    {
        entry = entry.Trim();
        if (IPNetwork.TryParse(entry, out var network)) return network;
        if (IPAddress.TryParse(entry, out var address))
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }
        return null;
    }
}
