using System.Security.Claims;
using MailTracker.Accounts;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Keys;

/// <summary>Self-service API keys (TrackPost) and the account blacklist.</summary>
public static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1", "Account")
            .AddEndpointFilter(new BodySizeFilter(BodySizeFilter.JsonMax));
        api.MapGet("/api-keys", ListAsync).WithName("listApiKeys").WithSummary("List the API keys of the account");
        api.MapPost("/api-keys", CreateAsync).Validate<CreateApiKeyRequest>().WithName("createApiKey").Produces<ErrorEnvelope>(StatusCodes.Status404NotFound).WithSummary("Issue an API key (shown once)");
        api.MapDelete("/api-keys/{id:long}", RevokeAsync).WithName("revokeApiKey").WithSummary("Revoke an API key");
        api.MapGet("/blacklist", GetBlacklistAsync).WithName("getBlacklist").WithSummary("Get the IP blacklist of the account");
        api.MapPut("/blacklist", SetBlacklistAsync).Validate<BlacklistRequest>().WithName("replaceBlacklist").WithSummary("Replace the IP blacklist of the account");
        return api;
    }

    private static async Task<Ok<Envelope<ApiKeyResponse[]>>> ListAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var keys = await grains.GetGrain<IAccountGrain>(user.AccountId()).ListApiKeysAsync();
        return Envelope.Ok(keys.Select(ToResponse).ToArray());
    }

    private static Task<Results<Created<Envelope<IssuedApiKeyResponse>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        CreateApiKeyRequest? body, ClaimsPrincipal user, IGrainFactory grains) =>
        IssueAsync(grains, user.AccountId(), body!);

    /// <summary>Shared by the self-service and the operator endpoint.</summary>
    public static async Task<Results<Created<Envelope<IssuedApiKeyResponse>>, JsonHttpResult<ErrorEnvelope>>> IssueAsync(
        IGrainFactory grains, long accountId, CreateApiKeyRequest body)
    {
        var issued = await grains.GetGrain<IAccountGrain>(accountId).IssueApiKeyAsync(body.Name!.Trim(), body.Environment ?? "live", body.RateLimit);
        if (issued is null) return Envelope.NotFound("Account");
        var info = issued.Info;
        return Envelope.Created($"/api/v1/api-keys/{info.Id}",
            new IssuedApiKeyResponse(info.Id, info.Name, info.Environment, Iso(info.Created), info.Prefix, issued.Key, info.RateLimit));
    }

    private static async Task<Results<Ok<Envelope<string>>, JsonHttpResult<ErrorEnvelope>>> RevokeAsync(long id, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IAccountGrain>(user.AccountId()).RevokeApiKeyAsync(id)
            ? Envelope.Ok("API key revoked.")
            : Envelope.NotFound("API key");

    private static async Task<Ok<Envelope<BlacklistResponse>>> GetBlacklistAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        Envelope.Ok(new BlacklistResponse(await grains.GetGrain<IAccountGrain>(user.AccountId()).GetBlacklistAsync()));

    private static async Task<Ok<Envelope<BlacklistResponse>>> SetBlacklistAsync(
        BlacklistRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var entries = body!.Blacklist!.Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        await grains.GetGrain<IAccountGrain>(user.AccountId()).SetBlacklistAsync(entries);
        return Envelope.Ok(new BlacklistResponse(entries));
    }

    private static ApiKeyResponse ToResponse(ApiKeyInfo info) => new(info.Id, info.Name, info.Environment, Iso(info.Created), info.Prefix, info.RateLimit);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}
