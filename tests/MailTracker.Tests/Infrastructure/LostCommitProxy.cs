using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A TCP proxy in front of PostgreSQL (no TLS) that, once armed, loses a commit on purpose: either it drops the
/// connection on which the server confirms a COMMIT without passing that confirmation on (the transaction is
/// committed, its client never hears so), or it holds a client's COMMIT back and drops the client while keeping
/// the server's side open (the transaction stays in progress, as behind a broken network).
/// </summary>
public sealed class LostCommitProxy : IAsyncDisposable
{
    private static readonly byte[] CommitTag = Encoding.ASCII.GetBytes("COMMIT\0");
    private static readonly byte[] CommitQuery = Encoding.ASCII.GetBytes("COMMIT");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly EndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Socket> _held = [];
    private int _armed;
    private int _dropped;
    private int _holdArmed;
    private int _heldCount;

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

    /// <summary>How many COMMITs were held back.</summary>
    public int Held => Volatile.Read(ref _heldCount);

    /// <summary>The next COMMIT a client sends never reaches the server, whose side stays open; the client is dropped.</summary>
    public void HoldNextCommit() => Volatile.Write(ref _holdArmed, 1);

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
        var server = new Socket(_server.AddressFamily, SocketType.Stream, _server is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        var held = false;
        try
        {
            await server.ConnectAsync(_server, _stop.Token);
            await using var serverStream = new NetworkStream(server, ownsSocket: false);
            var up = RelayClientAsync(client.GetStream(), serverStream);
            var down = RelayMessagesAsync(serverStream, client.GetStream());
            held = await await Task.WhenAny(up, down.ContinueWith(_ => false, TaskScheduler.Default));
        }
        catch (Exception)
        {
            // A dropped or stopped relay: both sockets close below, as a broken network would.
        }
        if (held)
        {
            // The server's side stays open until the proxy is disposed: its transaction stays in progress.
            lock (_held) _held.Add(server);
        }
        else
        {
            server.Dispose();
        }
    }

    /// <summary>Client to server: the startup message, then typed messages. True when a COMMIT was held back.</summary>
    private async Task<bool> RelayClientAsync(NetworkStream from, NetworkStream to)
    {
        var length = new byte[4];
        await from.ReadExactlyAsync(length, _stop.Token);
        var startup = new byte[BinaryPrimitives.ReadInt32BigEndian(length) - 4];
        await from.ReadExactlyAsync(startup, _stop.Token);
        await to.WriteAsync(length, _stop.Token);
        await to.WriteAsync(startup, _stop.Token);
        await RelayUntilAsync(from, to, (type, body) => type == 'Q' && body.StartsWith(CommitQuery) && Take(ref _holdArmed, ref _heldCount));
        return true;
    }

    /// <summary>Server to client: typed messages, until a COMMIT confirmation is swallowed.</summary>
    private Task RelayMessagesAsync(NetworkStream from, NetworkStream to) =>
        RelayUntilAsync(from, to, (type, body) => type == 'C' && body.SequenceEqual(CommitTag) && Take(ref _armed, ref _dropped));

    private delegate bool MessageFilter(char type, ReadOnlySpan<byte> body);

    /// <summary>Relays one protocol message at a time (type byte, length, body) until <paramref name="stopAt"/> says to keep one back.</summary>
    private async Task RelayUntilAsync(NetworkStream from, NetworkStream to, MessageFilter stopAt)
    {
        var header = new byte[5];
        while (true)
        {
            await from.ReadExactlyAsync(header, _stop.Token);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
            await from.ReadExactlyAsync(body, _stop.Token);
            if (stopAt((char)header[0], body)) return;
            await to.WriteAsync(header, _stop.Token);
            await to.WriteAsync(body, _stop.Token);
        }
    }

    /// <summary>Disarms a one-shot trigger; true (and counted) only for the caller that found it armed.</summary>
    private static bool Take(ref int armed, ref int count)
    {
        if (Interlocked.Exchange(ref armed, 0) != 1) return false;
        Interlocked.Increment(ref count);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_held)
        {
            foreach (var socket in _held) socket.Dispose();
        }
        _stop.Dispose();
    }
}
