using System.Net;

namespace MailTracker.Grains.Hits;

/// <summary>An account's blacklist: single addresses or CIDR ranges (<see cref="IpNetworks"/>).</summary>
public static class Blacklist
{
    /// <summary>The networks of an account's entries (the API accepts only entries that parse; any other is ignored).</summary>
    public static IPNetwork[] Parse(IEnumerable<string> entries) =>
        [.. entries.Select(entry => (Parsed: IpNetworks.TryParse(entry, out var network), network)).Where(e => e.Parsed).Select(e => e.network)];
}
