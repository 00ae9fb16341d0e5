using System.Net.Sockets;
using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailTracker.Grains.Messages;

/// <summary>
/// Up to <see cref="SmtpOptions.MaxConnections"/> connections to the relay, each used by one send at a time and kept open
/// across batches: the connect, EHLO, TLS and login are paid once per connection, not once per batch. A connection whose
/// send broke (not an SMTP answer) is dropped and opened again by its next use; one idle past
/// <see cref="SmtpOptions.IdleTimeout"/> is opened afresh, since the relay has likely closed it meanwhile.
/// </summary>
public sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly SmtpOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<(SmtpClient Client, DateTimeOffset LastUsed)> _idle;
    private readonly List<SmtpClient> _clients;

    public SmtpConnectionPool(SmtpOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        // No SMTP command may outwait a third of the outbox lease (MailKit's default is 2 minutes): a send under way ends
        // while this silo still holds its entry.
        _clients = [.. Enumerable.Range(0, Math.Max(1, options.MaxConnections)).Select(_ => new SmtpClient { Timeout = (int)(options.Lease / 3).TotalMilliseconds })];
        _idle = Channel.CreateUnbounded<(SmtpClient, DateTimeOffset)>();
        foreach (var client in _clients) _idle.Writer.TryWrite((client, time.GetUtcNow()));
    }

    /// <summary>How many sends can run at once.</summary>
    public int Size => _clients.Count;

    /// <summary>Sends over the next free connection; SMTP answers (<see cref="SmtpCommandException"/>) and connection failures are the caller's.</summary>
    public async Task SendAsync(MimeMessage message, MailboxAddress sender, IEnumerable<MailboxAddress> recipients, CancellationToken cancellationToken)
    {
        var (client, lastUsed) = await _idle.Reader.ReadAsync(cancellationToken);
        try
        {
            if (client.IsConnected && _time.GetUtcNow() - lastUsed > _options.IdleTimeout) await client.DisconnectAsync(quit: false, cancellationToken);
            if (!client.IsConnected) await ConnectAsync(client, cancellationToken);
            await client.SendAsync(message, sender, recipients, cancellationToken);
        }
        catch (Exception e) when (e is not SmtpCommandException && client.IsConnected)
        {
            // Its state is unknown after a broken exchange: the next use starts a new session.
            await client.DisconnectAsync(quit: false, CancellationToken.None);
            throw;
        }
        finally
        {
            _idle.Writer.TryWrite((client, _time.GetUtcNow()));
        }
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        var security = _options.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        // Without Nagle's delay: SMTP commands are a few bytes each, sent at once rather than held for the peer's ACK.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_options.Host, _options.Port, cancellationToken);
            await client.ConnectAsync(socket, _options.Host, _options.Port, security, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        if (!string.IsNullOrEmpty(_options.Username)) await client.AuthenticateAsync(_options.Username, _options.Password, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _idle.Writer.TryComplete();
        foreach (var client in _clients)
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or MailKit.ServiceNotConnectedException or SocketException)
            {
                // The relay went first: nothing is left to close politely.
            }
            client.Dispose();
        }
    }
}
