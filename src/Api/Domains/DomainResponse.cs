using System.ComponentModel;

namespace MailTracker.Api.Domains;

public sealed record DomainResponse(
    string Domain,
    [property: Description("pending or verified: verified once the verification, SPF and DKIM records were found as published.")] string Status,
    bool VerificationVerified,
    bool SpfVerified,
    bool DkimVerified,
    [property: Description("Reported only: any DMARC record counts, and it is not needed for the domain to be verified.")] bool DmarcVerified,
    IReadOnlyList<DnsRecordResponse> DnsRecords,
    DateTimeOffset CreatedAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset? LastCheckedAt);
