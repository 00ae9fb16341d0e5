using System.Net;

namespace MailTracker.Silo.Hosting;

/// <summary>The <c>Orleans</c> configuration section (environment: <c>Orleans__…</c>).</summary>
public sealed record ClusterSettings(string ClusterId, string ServiceId, int SiloPort, int GatewayPort, IPAddress? AdvertisedIP)
{
    public static ClusterSettings Read(IConfiguration config)
    {
        var section = config.GetSection("Orleans");
        return new ClusterSettings(
            NonEmpty(section["ClusterId"]) ?? "mailtracker",
            NonEmpty(section["ServiceId"]) ?? "mailtracker",
            Port(section, "SiloPort", 11111),
            Port(section, "GatewayPort", 30000),
            Address(section["AdvertisedIP"]));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int Port(IConfigurationSection section, string name, int fallback)
    {
        var value = NonEmpty(section[name]);
        if (value is null) return fallback;
        return int.TryParse(value, out var port) && port is > 0 and < 65536
            ? port
            : throw new StartupException($"Orleans__{name} must be a port number from 1 to 65535, not '{value}'.");
    }

    private static IPAddress? Address(string? value)
    {
        value = NonEmpty(value);
        if (value is null) return null;
        if (IPAddress.TryParse(value, out var address)) return address;
        // A host name (as in docker compose) resolves to the address the other silos can reach.
        try
        {
            return Dns.GetHostAddresses(value).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? throw new StartupException($"Orleans__AdvertisedIP '{value}' has no IPv4 address.");
        }
        catch (System.Net.Sockets.SocketException)
        {
            throw new StartupException($"Orleans__AdvertisedIP '{value}' is neither an IP address nor a resolvable host name.");
        }
    }
}
