using MailTracker.Api.Http;
using MailTracker.Domains;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using MimeKit;

namespace MailTracker.Api.Messages;

/// <summary>
/// A message's from-address must be on a verified sending domain of the account, for test keys too: mail from a domain
/// whose SPF and DKIM records are not published would be signed with no key a receiver can find.
/// </summary>
public static class VerifiedSender
{
    /// <summary>Null when <paramref name="from"/> (an address <see cref="SendEmailRequest"/> accepted) may be sent from; else the 422.</summary>
    public static async Task<JsonHttpResult<ErrorEnvelope>?> ProblemAsync(IGrainFactory grains, long accountId, string from)
    {
        var address = MailboxAddress.Parse(from.Trim()).Address;
        var domain = DomainNames.OfAddress(address);
        var info = domain is null ? null : await grains.GetGrain<IDomainGrain>(DomainNames.GrainKey(domain)).GetAsync(accountId);
        if (info is { Verified: true }) return null;
        var name = domain ?? address[(address.LastIndexOf('@') + 1)..];
        var message = info is null
            ? $"The sending domain {name} is not a domain of this account: add it with POST /api/v1/domains, publish the DNS records it answers and verify it with POST /api/v1/domains/{name}/verify."
            : $"The sending domain {name} is not verified yet: publish the DNS records of GET /api/v1/domains/{name} and verify it with POST /api/v1/domains/{name}/verify.";
        return Envelope.Error(StatusCodes.Status422UnprocessableEntity, ErrorCodes.DomainNotVerified, message);
    }
}
