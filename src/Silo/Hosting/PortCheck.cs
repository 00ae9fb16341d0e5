using System.Net;
using System.Net.Sockets;

namespace MailTracker.Silo.Hosting;

/// <summary>
/// Checks before start-up that the HTTP, silo and gateway ports are free: found later, a taken port
/// surfaces only after the silo has joined the cluster, buried in its shutdown logs.
/// </summary>
public static class PortCheck
{
    public static void EnsureFree(string? urls, ClusterSettings cluster)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"), UriKind.Absolute, out var uri)) continue;
            var address = uri.Host switch
            {
                "localhost" => IPAddress.Loopback,
                var host when IPAddress.TryParse(host.Trim('[', ']'), out var ip) => ip,
                _ => null,
            };
            if (address is not null) Ensure(address, uri.Port, $"HTTP port {uri.Port} (--urls)");
        }
        var orleansAddress = cluster.AdvertisedIP is null ? IPAddress.Loopback : IPAddress.Any;
        Ensure(orleansAddress, cluster.SiloPort, $"silo port {cluster.SiloPort} (Orleans__SiloPort)");
        Ensure(orleansAddress, cluster.GatewayPort, $"gateway port {cluster.GatewayPort} (Orleans__GatewayPort)");
    }

    private static void Ensure(IPAddress address, int port, string what)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new StartupException($"the {what} is already in use; choose another (another MailTracker may be running).");
        }
    }
}
