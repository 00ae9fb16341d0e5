using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Api.Http;
using MailTracker.Domains;

namespace MailTracker.Api.Domains;

public sealed record CreateDomainRequest(
    [property: Required, Description("The domain to send from, e.g. yourapp.com (internationalized names are kept as punycode).")] string? Domain) : IValidatable
{
    public string? Validate() => Domain is null
        ? "domain is required: the domain to send from, e.g. yourapp.com."
        : DomainNames.Normalize(Domain) is null ? DomainEndpoints.InvalidDomain(Domain) : null;
}
