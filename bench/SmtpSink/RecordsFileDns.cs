using System.Net;
using ARSoft.Tools.Net.Dns;

namespace MailTracker.SmtpSink;

/// <summary>
/// The benchmark's resolver (ARSoft.Tools.Net's DNS server on UDP): TXT answers from a file of "name TAB value" lines that
/// bench.py writes with the records a sending domain publishes, read afresh on every query, so that the silo verifies the
/// domain it sends from the way it would on the Internet.
/// </summary>
public sealed class RecordsFileDns(IPEndPoint endpoint, string recordsFile)
{
    /// <summary>RFC 1035 §3.3.14: one character-string of a TXT record holds at most 255 bytes.</summary>
    private const int MaxTxtString = 255;

    public DnsServer Start()
    {
        var server = new DnsServer(new UdpServerTransport(endpoint));
        server.QueryReceived += (_, e) =>
        {
            e.Response = Answer((DnsMessage)e.Query);
            return Task.CompletedTask;
        };
        server.Start();
        return server;
    }

    private DnsMessage Answer(DnsMessage query)
    {
        var records = File.Exists(recordsFile)
            ? File.ReadAllLines(recordsFile).Select(l => l.Split('\t', 2)).Where(p => p.Length == 2).ToLookup(p => p[0].TrimEnd('.'), p => p[1], StringComparer.OrdinalIgnoreCase)
            : Enumerable.Empty<string>().ToLookup(_ => "", _ => "");
        var response = query.CreateResponseInstance();
        response.ReturnCode = ReturnCode.NoError;
        foreach (var question in query.Questions)
        {
            var values = records[question.Name.ToString().TrimEnd('.')].ToList();
            if (values.Count == 0) response.ReturnCode = ReturnCode.NxDomain;
            else if (question.RecordType == RecordType.Txt)
            {
                foreach (var value in values) response.AnswerRecords.Add(new TxtRecord(question.Name, 60, value.Chunk(MaxTxtString).Select(c => new string(c))));
            }
        }
        return response;
    }
}
