using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A real DNS server (ARSoft.Tools.Net's) on a free UDP port of 127.0.0.1, answering TXT queries from what a test
/// published: a name with no records is NXDOMAIN, as on the Internet.
/// </summary>
public sealed class LocalDnsServer : IDisposable
{
    /// <summary>RFC 1035 §3.3.14: one character-string of a TXT record holds at most 255 bytes.</summary>
    private const int MaxTxtString = 255;

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly DnsServer _server;

    private LocalDnsServer(int port)
    {
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
        _server = new DnsServer(new UdpServerTransport(Endpoint));
        _server.QueryReceived += (_, e) =>
        {
            e.Response = Answer((DnsMessage)e.Query);
            return Task.CompletedTask;
        };
        _server.Start();
    }

    public IPEndPoint Endpoint { get; }

    public static LocalDnsServer Start()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        probe.Close();
        return new LocalDnsServer(port);
    }

    /// <summary>Serves these TXT values at the name from now on (instead of what it served before).</summary>
    public void Publish(string name, params string[] values)
    {
        _txt[name.TrimEnd('.')] = values;
        _failing.TryRemove(name.TrimEnd('.'), out _);
    }

    /// <summary>Answers queries for the name with SERVFAIL (a broken authoritative server) until it is published again.</summary>
    public void Fail(string name) => _failing[name.TrimEnd('.')] = true;

    private DnsMessage Answer(DnsMessage query)
    {
        var response = query.CreateResponseInstance();
        response.ReturnCode = ReturnCode.NoError;
        foreach (var question in query.Questions)
        {
            var name = question.Name.ToString().TrimEnd('.');
            if (_failing.ContainsKey(name))
            {
                response.ReturnCode = ReturnCode.ServerFailure;
                continue;
            }
            if (!_txt.TryGetValue(name, out var values))
            {
                response.ReturnCode = ReturnCode.NxDomain;
                continue;
            }
            if (question.RecordType != RecordType.Txt) continue;
            foreach (var value in values) response.AnswerRecords.Add(new TxtRecord(question.Name, 60, value.Chunk(MaxTxtString).Select(c => new string(c))));
        }
        return response;
    }

    public void Dispose() => _server.Stop();
}
