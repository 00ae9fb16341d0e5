using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailTracker.Webhooks;
using Microsoft.Extensions.Options;

namespace MailTracker.Grains.Webhooks;

/// <summary>
/// Sends signed webhook requests: Standard Webhooks headers (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>) and MailSignal's
/// <c>X-MailTracker-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>, both keyed by the secret's bytes.
/// Redirects are not followed; the address actually connected to is checked at connect time (SSRF).
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly WebhookOptions _options;
    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = _options.Timeout };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("MailTracker-Webhooks/1.0");
    }

    /// <summary>The event's JSON body: <c>{"event", "timestamp", "data"}</c>.</summary>
    public static string Body(WebhookEvent e) =>
        $"{{\"event\":{JsonSerializer.Serialize(e.Event)},\"timestamp\":{JsonSerializer.Serialize(e.Timestamp.UtcDateTime)},\"data\":{e.DataJson}}}";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>The key of both signatures: the bytes after <c>whsec_</c>, base64-decoded (as Standard Webhooks has it).</summary>
    public static byte[] Key(string secret) => Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);

    public static string StandardSignature(byte[] key, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));

    public static string BodySignature(byte[] key, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)));

    /// <summary>Why a URL cannot be a webhook target (null when it can); checked again at every connect.</summary>
    public string? UrlProblem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return "url must be an absolute https URL.";
        if (uri.Scheme != Uri.UriSchemeHttps && !(_options.AllowPrivateTargets && uri.Scheme == Uri.UriSchemeHttp)) return "url must use https.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "url must not carry credentials.";
        if (!_options.AllowPrivateTargets && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && !IsPublic(ip))
        {
            return "url must not point at a loopback, private, link-local or multicast address.";
        }
        return null;
    }

    public async Task<SendResult> SendAsync(string url, string secret, WebhookEvent e, int attempt, CancellationToken cancellationToken = default)
    {
        var at = _time.GetUtcNow();
        var body = Body(e);
        var timestamp = at.ToUnixTimeSeconds();
        var id = e.Id.ToString();
        var key = Key(secret);
        var started = _time.GetTimestamp();
        if (UrlProblem(url) is { } problem) return Failed(problem, null);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardSignature(key, id, timestamp, body));
        request.Headers.Add("X-MailTracker-Signature", BodySignature(key, body));
        request.Headers.Add("X-MailTracker-Event", e.Event);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var delivered = status is >= 200 and < 300;
            TimeSpan? retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - at,
                _ => null,
            };
            return new SendResult(new WebhookAttempt(e.Id, e.Event, attempt, at, status, ElapsedMilliseconds(),
                delivered ? null : $"The receiver answered {status}.", delivered), retryAfter);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
        {
            var why = ex is TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"No answer within {_options.Timeout.TotalSeconds:0} s."
                : ex.InnerException is SsrfException ssrf ? ssrf.Message : ex.Message;
            return Failed(why, ElapsedMilliseconds());
        }

        long ElapsedMilliseconds() => (long)_time.GetElapsedTime(started).TotalMilliseconds;

        SendResult Failed(string why, long? ms) => new(new WebhookAttempt(e.Id, e.Event, attempt, at, null, ms ?? 0, why, false), null);
    }

    /// <summary>Resolves the host and connects only to an address that is allowed (so a DNS answer cannot point inwards).</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = _options.AllowPrivateTargets ? addresses : [.. addresses.Where(IsPublic)];
        if (allowed.Length == 0)
        {
            throw new SsrfException($"{context.DnsEndPoint.Host} resolves only to addresses webhooks may not reach (loopback, private, link-local, multicast).");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A globally routable unicast address: not loopback, private, link-local, multicast, unspecified or reserved (nor their IPv4-mapped forms).</summary>
    public static bool IsPublic(IPAddress address)
    {
        address = IpNetworks.Normalize(address)!;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !NonPublicV4.Any(n => n.Contains(address));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || NonPublicV6.Any(n => n.Contains(address)));
    }

    private static readonly IPNetwork[] NonPublicV4 =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        }.Select(IPNetwork.Parse),
    ];

    // Unique local, NAT64-embedded private ranges are not told apart here: fc00::/7 and the documentation range.
    private static readonly IPNetwork[] NonPublicV6 = [IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("::/128")];

    public void Dispose() => _client.Dispose();

    private sealed class SsrfException(string message) : IOException(message);
}
