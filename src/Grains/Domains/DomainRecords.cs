using MailTracker.Domains;

namespace MailTracker.Grains.Domains;

/// <summary>The TXT records a new sending domain is to publish.</summary>
public static class DomainRecords
{
    public const string VerificationLabel = "_mailtracker";
    public const string VerificationPrefix = "mailtracker-verification=";

    /// <summary>
    /// Verification at <c>_mailtracker.&lt;domain&gt;</c> (a label of its own, so the domain's apex keeps only its SPF); SPF with
    /// the relay's include when one is configured; DKIM (RFC 6376 §3.6.1) with the public key; DMARC monitoring only
    /// (<c>p=none</c>, a start the owner tightens).
    /// </summary>
    public static IReadOnlyList<DomainRecord> For(string domain, string selector, string publicKeyBase64, string token, string spfInclude) =>
    [
        Txt($"{VerificationLabel}.{domain}", VerificationPrefix + token, DomainRecordPurpose.Verification),
        Txt(domain, string.IsNullOrWhiteSpace(spfInclude) ? "v=spf1 mx ~all" : $"v=spf1 include:{spfInclude.Trim()} ~all", DomainRecordPurpose.Spf),
        Txt($"{selector}._domainkey.{domain}", $"v=DKIM1; k=rsa; p={publicKeyBase64}", DomainRecordPurpose.Dkim),
        Txt($"_dmarc.{domain}", "v=DMARC1; p=none", DomainRecordPurpose.Dmarc),
    ];

    private static DomainRecord Txt(string name, string value, DomainRecordPurpose purpose) => new("TXT", name, value, purpose, DomainRecordState.Pending, []);
}
