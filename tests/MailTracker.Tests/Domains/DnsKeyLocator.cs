using System.Net;
using DnsClient;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace MailTracker.Tests.Domains;

/// <summary>A receiver's DKIM key look-up: the <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> TXT record, asked of the given DNS server.</summary>
public sealed class DnsKeyLocator(IPEndPoint server) : DkimPublicKeyLocatorBase
{
    private readonly LookupClient _client = new(new LookupClientOptions(new NameServer(server)) { UseCache = false });

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var response = await _client.QueryAsync($"{selector}._domainkey.{domain}", QueryType.TXT, QueryClass.IN, cancellationToken);
        var record = response.Answers.TxtRecords().Select(t => string.Concat(t.Text)).Single();
        return GetPublicKey(record);
    }
}
