using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A TCP proxy in front of PostgreSQL (no TLS) that, once armed, drops the connection on which the server
/// confirms a COMMIT without passing that confirmation on: the transaction is committed, its client never
/// hears so. The way to make "a commit whose answer was lost" happen on purpose.
/// </summary>
public sealed class LostCommitProxy : IAsyncDisposable
{
    private static readonly byte[] CommitTag = Encoding.ASCII.GetBytes("COMMIT\0");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly EndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _armed;
    private int _dropped;

    public LostCommitProxy(string host, int port)
    {
        // A host that is a directory is PostgreSQL's Unix socket directory (as in a MAILTRACKER_TEST_POSTGRES).
        _server = host.StartsWith('/')
            ? new UnixDomainSocketEndPoint(Path.Combine(host, $".s.PGSQL.{port}"))
            : new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many confirmations were swallowed.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>The next COMMIT confirmation (on any connection) is swallowed and its connection dropped.</summary>
    public void DropNextCommit() => Volatile.Write(ref _armed, 1);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new Socket(_server.AddressFamily, SocketType.Stream, _server is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(_server, _stop.Token);
            await using var serverStream = new NetworkStream(server, ownsSocket: false);
            var up = client.GetStream().CopyToAsync(serverStream, _stop.Token);
            var down = RelayMessagesAsync(serverStream, client.GetStream());
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
            // A dropped or stopped relay: both sockets close below, as a broken network would.
        }
    }

    /// <summary>Server to client, one protocol message at a time (type byte, length, body).</summary>
    private async Task RelayMessagesAsync(NetworkStream from, NetworkStream to)
    {
        var header = new byte[5];
        while (true)
        {
            await from.ReadExactlyAsync(header, _stop.Token);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
            await from.ReadExactlyAsync(body, _stop.Token);
            if (header[0] == (byte)'C' && body.AsSpan().SequenceEqual(CommitTag) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            await to.WriteAsync(header, _stop.Token);
            await to.WriteAsync(body, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
