using System.Net;
using DnsClient;
using MailTracker.Domains;

namespace MailTracker.Grains.Domains;

/// <summary>
/// Looks a domain's published records up (TXT, at the configured resolver, uncached) and says of each whether it is
/// there as published. What counts as there, by purpose: the verification token exactly; an SPF record (<c>v=spf1</c>)
/// with every <c>include:</c> of the published one; a DKIM record whose <c>p=</c> is the domain's public key; any DMARC
/// record (<c>v=DMARC1</c>: its policy is the domain owner's choice).
/// </summary>
public sealed class DomainVerifier(IPEndPoint? resolver, TimeSpan timeout)
{
    private readonly LookupClient _client = new(resolver is null
        ? new LookupClientOptions { UseCache = false, Timeout = timeout, Retries = 1, ThrowDnsErrors = false }
        : new LookupClientOptions(new NameServer(resolver)) { UseCache = false, Timeout = timeout, Retries = 1, ThrowDnsErrors = false });

    public async Task<IReadOnlyList<DomainRecord>> CheckAsync(IReadOnlyList<DomainRecord> records)
    {
        var names = records.Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList();
        var answers = await Task.WhenAll(names.Select(TxtAsync));
        var found = names.Zip(answers).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return [.. records.Select(r => Check(r, found[r.Name]))];
    }

    private static DomainRecord Check(DomainRecord record, IReadOnlyList<string>? texts)
    {
        if (texts is null) return record with { State = DomainRecordState.Unreachable, Found = [] };
        var relevant = record.Purpose switch
        {
            DomainRecordPurpose.Spf => texts.Where(t => HasVersion(t, "v=spf1")).ToList(),
            DomainRecordPurpose.Dmarc => texts.Where(t => HasVersion(t, "v=DMARC1")).ToList(),
            _ => [.. texts],
        };
        var state = relevant.Count == 0 ? DomainRecordState.Missing
            : relevant.Any(t => Matches(record, t)) ? DomainRecordState.Verified
            : DomainRecordState.Mismatch;
        return record with { State = state, Found = relevant };
    }

    private static bool Matches(DomainRecord record, string found) => record.Purpose switch
    {
        DomainRecordPurpose.Verification => found.Trim() == record.Value,
        DomainRecordPurpose.Spf => Includes(record.Value).All(i => Includes(found).Contains(i, StringComparer.OrdinalIgnoreCase)),
        DomainRecordPurpose.Dkim => Tag(found, "p") is { } key && key == Tag(record.Value, "p"),
        _ => true,
    };

    private static bool HasVersion(string text, string version) =>
        text.TrimStart().StartsWith(version, StringComparison.OrdinalIgnoreCase)
        && (text.Trim().Length == version.Length || text.TrimStart()[version.Length] is ' ' or ';');

    private static IEnumerable<string> Includes(string spf) =>
        spf.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.StartsWith("include:", StringComparison.OrdinalIgnoreCase));

    /// <summary>A DKIM tag's value (RFC 6376 §3.2: <c>tag=value</c> pairs separated by ';', whitespace inside a value ignored).</summary>
    private static string? Tag(string record, string name) =>
        record.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() == name)
            .Select(p => string.Concat(p[1].Where(c => !char.IsWhiteSpace(c)))).FirstOrDefault();

    /// <summary>The TXT values at a name (a record's strings joined, RFC 7208 §3.3); empty when there are none; null when the resolver failed.</summary>
    private async Task<IReadOnlyList<string>?> TxtAsync(string name)
    {
        try
        {
            var response = await _client.QueryAsync(name, QueryType.TXT, QueryClass.IN);
            if (response.HasError)
            {
                return response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain ? [] : null;
            }
            return [.. response.Answers.TxtRecords().Select(t => string.Concat(t.Text))];
        }
        catch (DnsResponseException)
        {
            return null;
        }
    }
}
