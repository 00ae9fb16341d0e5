using System.Security.Claims;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Domains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Domains;

/// <summary>Sending domains (TrackPost): the DNS records to publish, a DKIM key per domain, and their verification in DNS.</summary>
public static class DomainEndpoints
{
    public static RouteGroupBuilder MapDomainApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1/domains", "Domains");
        var json = api.MapGroup("").AddEndpointFilter(new BodySizeFilter(BodySizeFilter.JsonMax));
        json.MapPost("", CreateAsync).Validate<CreateDomainRequest>().WithName("createDomain").WithSummary("Add a sending domain: the DNS records to publish");
        api.MapGet("", ListAsync).WithName("listDomains").WithSummary("List sending domains");
        api.MapGet("/{domain}", GetAsync).WithName("getDomain").WithSummary("Get a sending domain");
        api.MapDelete("/{domain}", DeleteAsync).WithName("deleteDomain").WithSummary("Delete a sending domain and its DKIM key");
        api.MapPost("/{domain}/verify", VerifyAsync).WithName("verifyDomain").WithSummary("Look the domain's records up in DNS now");
        return api;
    }

    internal static string InvalidDomain(string given) =>
        $"domain '{(given.Length > 80 ? given[..80] + "…" : given)}' is not a domain name (labels of letters, digits and hyphens, at least two, e.g. yourapp.com).";

    private static async Task<Results<Created<Envelope<DomainResponse>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        CreateDomainRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var domain = DomainNames.Normalize(body!.Domain)!;
        var result = await Grain(grains, domain).CreateAsync(user.AccountId());
        return result.Outcome == Outcome.Ok
            ? Envelope.Created($"/api/v1/domains/{domain}", ToResponse(result.Value!))
            : Envelope.Error(StatusCodes.Status409Conflict, ErrorCodes.Conflict, result.Message!);
    }

    private static async Task<Ok<Envelope<DomainListResponse>>> ListAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var accountId = user.AccountId();
        var names = await grains.GetGrain<IAccountDomainsGrain>(accountId).ListAsync();
        var domains = await Task.WhenAll(names.Select(d => Grain(grains, d).GetAsync(accountId)));
        return Envelope.Ok(new DomainListResponse([.. domains.OfType<DomainInfo>().Select(ToResponse)]));
    }

    private static async Task<Results<Ok<Envelope<DomainResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(string domain, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (DomainNames.Normalize(domain) is not { } name) return Envelope.Validation(InvalidDomain(domain));
        return await Grain(grains, name).GetAsync(user.AccountId()) is { } info ? Envelope.Ok(ToResponse(info)) : Envelope.NotFound("Domain");
    }

    private static async Task<Results<Ok<Envelope<string>>, JsonHttpResult<ErrorEnvelope>>> DeleteAsync(string domain, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (DomainNames.Normalize(domain) is not { } name) return Envelope.Validation(InvalidDomain(domain));
        return await Grain(grains, name).DeleteAsync(user.AccountId()) ? Envelope.Ok("Domain successfully deleted.") : Envelope.NotFound("Domain");
    }

    private static async Task<Results<Ok<Envelope<DomainResponse>>, JsonHttpResult<ErrorEnvelope>>> VerifyAsync(string domain, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (DomainNames.Normalize(domain) is not { } name) return Envelope.Validation(InvalidDomain(domain));
        return await Grain(grains, name).VerifyAsync(user.AccountId()) is { } info ? Envelope.Ok(ToResponse(info)) : Envelope.NotFound("Domain");
    }

    private static IDomainGrain Grain(IGrainFactory grains, string normalized) => grains.GetGrain<IDomainGrain>(DomainNames.GrainKey(normalized));

    private static DomainResponse ToResponse(DomainInfo d)
    {
        bool Verified(DomainRecordPurpose purpose) => d.Records.Any(r => r.Purpose == purpose && r.State == DomainRecordState.Verified);
        return new(d.Domain, d.Verified ? "verified" : "pending",
            Verified(DomainRecordPurpose.Verification), Verified(DomainRecordPurpose.Spf), Verified(DomainRecordPurpose.Dkim), Verified(DomainRecordPurpose.Dmarc),
            [.. d.Records.Select(r => new DnsRecordResponse(r.Type, r.Name, r.Value, r.Purpose.ToString().ToLowerInvariant(), r.State.ToString().ToLowerInvariant(), r.Found))],
            d.Created, d.VerifiedAt, d.LastCheckedAt);
    }
}
