using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MailTracker.Domains;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;

namespace MailTracker.Tests.Domains;

/// <summary>Sending domains against a real local DNS server, on the embedded default and PostgreSQL.</summary>
public abstract class DomainApiTests<THost>(THost host) : IClassFixture<THost> where THost : ApiTestHost, IDomainHost
{
    [Fact]
    public async Task A_new_domain_answers_the_four_records_to_publish_with_the_public_half_of_its_own_RSA_2048_key()
    {
        var tenant = await host.CreateTenantAsync();
        var name = NewDomain();
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { domain = name.ToUpperInvariant() + "." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/domains/{name}", response.Headers.Location?.OriginalString);
        var domain = await Tenant.MsgAsync(response);
        Assert.Equal(name, domain.GetProperty("domain").GetString());
        Assert.Equal("pending", domain.GetProperty("status").GetString());
        Assert.False(domain.GetProperty("dkimVerified").GetBoolean());

        var records = Records(domain);
        Assert.Equal(["verification", "spf", "dkim", "dmarc"], records.Select(r => r.Purpose));
        Assert.All(records, r => Assert.Equal(("TXT", "pending"), (r.Type, r.State)));
        Assert.Equal($"_mailtracker.{name}", records[0].Name);
        Assert.Matches("^mailtracker-verification=[0-9a-f]{32}$", records[0].Value);
        Assert.Equal((name, $"v=spf1 include:{IDomainHost.SpfInclude} ~all"), (records[1].Name, records[1].Value));
        Assert.Matches($@"^mt[0-9a-f]{{6}}\._domainkey\.{name.Replace(".", @"\.")}$", records[2].Name);
        Assert.StartsWith("v=DKIM1; k=rsa; p=", records[2].Value);
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(records[2].Value["v=DKIM1; k=rsa; p=".Length..]), out _);
        Assert.Equal(2048, rsa.KeySize);
        Assert.Equal(($"_dmarc.{name}", "v=DMARC1; p=none"), (records[3].Name, records[3].Value));

        // The same domain again for the same account: the same domain, the same key.
        var again = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { domain = name }));
        Assert.Equal(records[2].Value, Records(again)[2].Value);
        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/domains/{name}"));
        Assert.Equal(records.Select(r => r.Value), Records(got).Select(r => r.Value));
        var list = (await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/domains"))).GetProperty("domains");
        Assert.Equal(name, Assert.Single(list.EnumerateArray()).GetProperty("domain").GetString());
    }

    [Fact]
    public async Task Internationalized_names_are_kept_as_punycode_and_names_that_are_no_domains_are_400s()
    {
        var tenant = await host.CreateTenantAsync();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var created = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { domain = $"Bücher.t{unique}.example" }));
        // bücher is xn--bcher-kva in IDNA (the example of RFC 3492's authors and of every IDNA tutorial).
        Assert.Equal($"xn--bcher-kva.t{unique}.example", created.GetProperty("domain").GetString());
        // Its Unicode form finds it too.
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.GetAsync($"/api/v1/domains/{Uri.EscapeDataString($"bücher.t{unique}.example")}")).StatusCode);

        foreach (var bad in new[] { "localhost", "not a domain.com", "192.0.2.1", "-bad.example", "a..b.example", "under_score.example", "x.123", new string('a', 64) + ".example", "" })
        {
            var response = await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { domain = bad });
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{bad}: {response.StatusCode}");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("validation_error", body.GetProperty("error").GetProperty("code").GetString());
            Assert.Contains("domain", body.GetProperty("msg").GetString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await tenant.Client.GetAsync("/api/v1/domains/under_score.example")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Client.GetAsync($"/api/v1/domains/{NewDomain()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Client.PostAsync($"/api/v1/domains/{NewDomain()}/verify", null)).StatusCode);
    }

    [Fact]
    public async Task A_domain_of_one_account_is_a_409_for_another_and_a_404_to_read_until_its_owner_deletes_it()
    {
        var owner = await host.CreateTenantAsync();
        var other = await host.CreateTenantAsync();
        var name = NewDomain();
        var first = Records(await Tenant.MsgAsync(await owner.Client.PostAsJsonAsync("/api/v1/domains", new { domain = name })));

        var claim = await other.Client.PostAsJsonAsync("/api/v1/domains", new { domain = name });
        Assert.Equal(HttpStatusCode.Conflict, claim.StatusCode);
        var body = await claim.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("conflict", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("another account", body.GetProperty("msg").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/v1/domains/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.DeleteAsync($"/api/v1/domains/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostAsync($"/api/v1/domains/{name}/verify", null)).StatusCode);
        Assert.Empty((await Tenant.MsgAsync(await other.Client.GetAsync("/api/v1/domains"))).GetProperty("domains").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await owner.Client.DeleteAsync($"/api/v1/domains/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"/api/v1/domains/{name}")).StatusCode);
        Assert.Empty((await Tenant.MsgAsync(await owner.Client.GetAsync("/api/v1/domains"))).GetProperty("domains").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.DeleteAsync($"/api/v1/domains/{name}")).StatusCode);

        // Free again: the next account gets a key and a token of its own.
        var second = Records(await Tenant.MsgAsync(await other.Client.PostAsJsonAsync("/api/v1/domains", new { domain = name })));
        Assert.NotEqual(first[0].Value, second[0].Value);
        Assert.NotEqual(first[2].Value, second[2].Value);
    }

    [Fact]
    public async Task Verify_finds_every_published_record_and_the_domain_is_verified()
    {
        var tenant = await host.CreateTenantAsync();
        var name = NewDomain();
        var records = Records(await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { domain = name })));
        foreach (var record in records.Where(r => r.Purpose != "spf")) host.Dns.Publish(record.Name, record.Value);
        // The apex has other TXT records besides its SPF one, as real domains do.
        host.Dns.Publish(name, "google-site-verification=abc123", records[1].Value);

        var verified = await VerifyAsync(tenant, name);
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.True(verified.GetProperty("verificationVerified").GetBoolean());
        Assert.True(verified.GetProperty("spfVerified").GetBoolean());
        Assert.True(verified.GetProperty("dkimVerified").GetBoolean());
        Assert.True(verified.GetProperty("dmarcVerified").GetBoolean());
        Assert.Equal(JsonValueKind.String, verified.GetProperty("verifiedAt").ValueKind);
        var found = Records(verified);
        Assert.All(found, r => Assert.Equal("verified", r.State));
        Assert.Equal([records[1].Value], found[1].Found);
        // The DKIM record is longer than one TXT string (255): served in pieces, read whole.
        Assert.Equal([records[2].Value], found[2].Found);

        var got = await Tenant.MsgAsync(await tenant.Client.GetAsync($"/api/v1/domains/{name}"));
        Assert.Equal("verified", got.GetProperty("status").GetString());
        Assert.Equal("verified", (await Tenant.MsgAsync(await tenant.Client.GetAsync("/api/v1/domains"))).GetProperty("domains")[0].GetProperty("status").GetString());

        // A resolver failure says nothing about the records: the domain stays verified, the record shows it was not answered.
        host.Dns.Fail(records[2].Name);
        var unanswered = await VerifyAsync(tenant, name);
        Assert.Equal("verified", unanswered.GetProperty("status").GetString());
        Assert.Equal("unreachable", Records(unanswered)[2].State);
        // A record that is really gone is another matter.
        host.Dns.Publish(records[2].Name);
        var removed = await VerifyAsync(tenant, name);
        Assert.Equal(("pending", "missing"), (removed.GetProperty("status").GetString(), Records(removed)[2].State));
    }

    [Fact]
    public async Task Verify_reports_a_wrong_DKIM_value_as_a_mismatch_with_what_was_found_and_a_missing_SPF_record_as_missing()
    {
        var tenant = await host.CreateTenantAsync();
        var name = NewDomain();
        var records = Records(await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { domain = name })));
        using var otherKey = RSA.Create(2048);
        var wrongDkim = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(otherKey.ExportSubjectPublicKeyInfo());
        host.Dns.Publish(records[0].Name, records[0].Value);
        host.Dns.Publish(records[2].Name, wrongDkim);
        host.Dns.Publish(name, "google-site-verification=abc123");

        var result = await VerifyAsync(tenant, name);
        Assert.Equal("pending", result.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("verifiedAt").ValueKind);
        var found = Records(result);
        Assert.Equal(["verified", "missing", "mismatch", "missing"], found.Select(r => r.State));
        Assert.Equal([wrongDkim], found[2].Found);
        Assert.Empty(found[1].Found);
        Assert.False(result.GetProperty("spfVerified").GetBoolean());
        Assert.False(result.GetProperty("dkimVerified").GetBoolean());

        // An SPF record without the relay's include is a mismatch; fixed, and with the right key, the domain is verified.
        host.Dns.Publish(name, "v=spf1 include:_spf.google.com ~all");
        Assert.Equal("mismatch", Records(await VerifyAsync(tenant, name))[1].State);
        host.Dns.Publish(name, $"v=spf1 include:_spf.google.com include:{IDomainHost.SpfInclude} -all");
        host.Dns.Publish(records[2].Name, records[2].Value);
        var fixedUp = await VerifyAsync(tenant, name);
        Assert.Equal("verified", fixedUp.GetProperty("status").GetString());
        // DMARC is reported but not required.
        Assert.Equal("missing", Records(fixedUp)[3].State);
    }

    [Fact]
    public async Task A_message_signed_with_the_stored_key_verifies_with_MimeKit_against_the_published_DKIM_record()
    {
        var tenant = await host.CreateTenantAsync();
        var name = NewDomain();
        var records = Records(await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/domains", new { domain = name })));
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        // No key before the domain is verified.
        Assert.Null(await grains.SigningKeyForAsync(tenant.AccountId, $"news@{name}"));
        foreach (var record in records) host.Dns.Publish(record.Name, record.Value);
        await VerifyAsync(tenant, name);
        // Only for the account's own verified domain, however the address spells it.
        Assert.Null(await grains.SigningKeyForAsync(tenant.AccountId + 1, $"news@{name}"));
        Assert.Null(await grains.SigningKeyForAsync(tenant.AccountId, $"news@other.{name}"));
        Assert.Null(await grains.SigningKeyForAsync(tenant.AccountId, "no address"));
        var key = await grains.SigningKeyForAsync(tenant.AccountId, $"News@{name.ToUpperInvariant()}");
        Assert.NotNull(key);
        Assert.Equal(name, key.Domain);
        Assert.Equal(records[2].Name, $"{key.Selector}._domainkey.{name}");

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Acme", $"news@{name}"));
        message.To.Add(new MailboxAddress("John", "john@example.com"));
        message.Subject = "Meeting Tomorrow";
        message.Body = new TextPart("plain") { Text = "See you at ten." };
        using (var pem = new MemoryStream(key.PrivateKeyPem))
        {
            new DkimSigner(pem, key.Domain, key.Selector).Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject]);
        }

        // As a receiver reads it: the bytes parsed, the key looked up in DNS.
        var received = await ParseAsync(message);
        var verifier = new DkimVerifier(new DnsKeyLocator(host.Dns.Endpoint));
        var signature = received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.True(await verifier.VerifyAsync(received, signature));
        received.Subject = "Changed on the way";
        Assert.False(await verifier.VerifyAsync(received, signature));
    }

    private static async Task<MimeMessage> ParseAsync(MimeMessage message)
    {
        using var bytes = new MemoryStream();
        await message.WriteToAsync(bytes);
        bytes.Position = 0;
        return await MimeMessage.LoadAsync(bytes);
    }

    private static async Task<JsonElement> VerifyAsync(Tenant tenant, string name)
    {
        var response = await tenant.Client.PostAsync($"/api/v1/domains/{name}/verify", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Tenant.MsgAsync(response);
    }

    private static string NewDomain() => $"t{Guid.NewGuid():N}"[..13] + ".mailtracker-tests.example";

    private static List<PublishedRecord> Records(JsonElement domain) =>
        [.. domain.GetProperty("dnsRecords").EnumerateArray().Select(r => new PublishedRecord(
            r.GetProperty("type").GetString()!, r.GetProperty("name").GetString()!, r.GetProperty("value").GetString()!,
            r.GetProperty("purpose").GetString()!, r.GetProperty("state").GetString()!,
            [.. r.GetProperty("found").EnumerateArray().Select(f => f.GetString()!)]))];
}
