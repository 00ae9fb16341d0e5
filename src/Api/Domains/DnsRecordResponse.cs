using System.ComponentModel;

namespace MailTracker.Api.Domains;

public sealed record DnsRecordResponse(
    string Type,
    string Name,
    string Value,
    [property: Description("verification, spf, dkim or dmarc.")] string Purpose,
    [property: Description("pending (not looked up yet), verified, missing, mismatch (another value is there) or unreachable (the resolver did not answer).")] string State,
    [property: Description("The TXT values of this kind found at the name by the last verification.")] IReadOnlyList<string> Found);
