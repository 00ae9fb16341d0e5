using System.Globalization;
using System.Security.Claims;
using MailTracker.Accounts;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Grains.Classification;
using MailTracker.Grains.Locations;
using MailTracker.Hits;
using MailTracker.Trackings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Trackings;

/// <summary>PastePixel's API v1: mail trackings, their pixel and trackable URLs, and the hit data.</summary>
public static class MailTrackingEndpoints
{
    public const int MaxDataOffset = 45_000;
    public const int MaxDataLimit = 100;
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 100;

    public static RouteGroupBuilder MapMailTrackingApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1", "Mail tracking");

        var json = api.MapGroup("").AddEndpointFilter(new BodySizeFilter(BodySizeFilter.JsonMax));
        json.MapPost("/mail-tracking", CreateAsync).Validate<CreateMailTrackingRequest>().WithName("createMailTracking").Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden).WithSummary("Create a mail tracking");
        api.MapGet("/mail-tracking", ListAsync).WithName("listMailTrackings").WithSummary("List mail trackings");
        api.MapGet("/mail-tracking/{id:long}", GetAsync).WithName("getMailTracking").WithSummary("Get a mail tracking with its pixel and trackable URLs");
        json.MapPut("/mail-tracking/{id:long}", UpdateAsync).Validate<UpdateMailTrackingRequest>().WithName("updateMailTracking").WithSummary("Update a mail tracking");
        api.MapDelete("/mail-tracking/{id:long}", DeleteAsync).WithName("deleteMailTracking").WithSummary("Delete a mail tracking");

        api.MapPost("/mail-tracking/{id:long}/pixel", PixelUpload.CreatePixelAsync)
            .AddEndpointFilter(new BodySizeFilter(PixelUpload.MaxRequestBytes))
            .Accepts(typeof(PixelUploadForm), isOptional: true, "multipart/form-data")
            .Produces<Envelope<PixelResponse>>(StatusCodes.Status201Created)
            .WithName("createPixel")
            .WithSummary("Create the tracking pixel of a mail tracking");
        api.MapGet("/pixel/{id:long}", GetPixelAsync).WithName("getPixel").WithSummary("Get a tracking pixel");
        api.MapGet("/pixel/{id:long}/data", GetPixelDataAsync).WithName("getPixelData").WithSummary("Get the tracked data of a pixel, newest first");

        json.MapPost("/mail-tracking/{id:long}/url", CreateUrlAsync).Validate<CreateUrlRequest>().WithName("createUrl").Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden).WithSummary("Create a trackable URL");
        api.MapGet("/url/{id:long}", GetUrlAsync).WithName("getUrl").WithSummary("Get a trackable URL");
        api.MapGet("/url/{id:long}/data", GetUrlDataAsync).WithName("getUrlData").WithSummary("Get the tracked data of a trackable URL, newest first");
        api.MapDelete("/url/{id:long}", DeleteUrlAsync).WithName("deleteUrl").WithSummary("Delete a trackable URL");
        return api;
    }

    private static async Task<Results<Created<Envelope<MailTrackingResponse>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        CreateMailTrackingRequest? body, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var result = await grains.GetGrain<IAccountGrain>(user.AccountId()).CreateMailTrackingAsync(body!.ToSettings());
        return result.Outcome switch
        {
            Outcome.Ok => Envelope.Created($"/api/v1/mail-tracking/{result.Value!.Id}", result.Value.ToResponse(urls)),
            Outcome.LimitExceeded => Envelope.LimitExceeded(result.Message!),
            _ => Envelope.Unauthorized("The account of this API key no longer exists."),
        };
    }

    private static async Task<Results<Ok<Envelope<MailTrackingListResponse>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(
        string? after, string? limit, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        if (!TryParseInt(limit, DefaultListLimit, 1, MaxListLimit, out var take)) return Envelope.Validation($"limit must be an integer from 1 to {MaxListLimit}.");
        long? afterId = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (Cursors.DecodeId(after) is not { } decoded) return Envelope.Validation("after is not a cursor this API gave out.");
            afterId = decoded;
        }
        var accountId = user.AccountId();
        var page = await grains.GetGrain<IAccountGrain>(accountId).ListMailTrackingsAsync(afterId, take);
        var infos = await Task.WhenAll(page.Ids.Select(id => grains.GetGrain<IMailTrackingGrain>(id).GetAsync(accountId)));
        var next = page.HasMore && page.Ids.Count > 0
            ? new Link(urls.Api($"/api/v1/mail-tracking?after={Cursors.Encode(page.Ids[^1])}&limit={take}"))
            : null;
        return Envelope.Ok(new MailTrackingListResponse([.. infos.OfType<MailTrackingInfo>().Select(i => i.ToResponse(urls))], new PageLinks(next)));
    }

    private static async Task<Results<Ok<Envelope<MailTrackingResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var info = await grains.GetGrain<IMailTrackingGrain>(id).GetAsync(user.AccountId());
        return info is null ? Envelope.NotFound("Mail tracking") : Envelope.Ok(info.ToResponse(urls));
    }

    private static async Task<Results<Ok<Envelope<MailTrackingResponse>>, JsonHttpResult<ErrorEnvelope>>> UpdateAsync(
        long id, UpdateMailTrackingRequest? body, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var result = await grains.GetGrain<IMailTrackingGrain>(id).UpdateAsync(user.AccountId(), body!.ToUpdate());
        return result.Outcome switch
        {
            Outcome.Ok => Envelope.Ok(result.Value!.ToResponse(urls)),
            Outcome.Invalid => Envelope.Validation(result.Message!),
            _ => Envelope.NotFound("Mail tracking"),
        };
    }

    private static async Task<Results<Ok<Envelope<string>>, JsonHttpResult<ErrorEnvelope>>> DeleteAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IMailTrackingGrain>(id).DeleteAsync(user.AccountId())
            ? Envelope.Ok("Mail tracking successfully deleted.")
            : Envelope.NotFound("Mail tracking");

    private static async Task<Results<Ok<Envelope<PixelResponse>>, JsonHttpResult<ErrorEnvelope>>> GetPixelAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var info = await grains.GetGrain<ITrackableGrain>(id).GetAsync(user.AccountId());
        return info is { Kind: HitKind.Open } ? Envelope.Ok(info.ToPixelResponse(urls)) : Envelope.NotFound("Tracking pixel");
    }

    private static Task<Results<Ok<Envelope<HitDataResponse>>, JsonHttpResult<ErrorEnvelope>>> GetPixelDataAsync(
        long id, string? offset, string? limit, ClaimsPrincipal user, IGrainFactory grains, UserAgentDescriber describer, HitLocator locator) =>
        GetDataAsync(id, HitKind.Open, "Tracking pixel", offset, limit, user, grains, describer, locator);

    private static async Task<Results<Created<Envelope<TrackableUrlResponse>>, JsonHttpResult<ErrorEnvelope>>> CreateUrlAsync(
        long id, CreateUrlRequest? body, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var result = await grains.GetGrain<IMailTrackingGrain>(id).AddLinkAsync(user.AccountId(), body!.Url!.Trim());
        return result.Outcome switch
        {
            Outcome.Ok => Envelope.Created($"/api/v1/url/{result.Value!.Id}", result.Value.ToUrlResponse(urls)),
            Outcome.LimitExceeded => Envelope.Error(StatusCodes.Status403Forbidden, ErrorCodes.LimitExceeded, result.Message!),
            _ => Envelope.NotFound("Mail tracking"),
        };
    }

    private static async Task<Results<Ok<Envelope<TrackableUrlResponse>>, JsonHttpResult<ErrorEnvelope>>> GetUrlAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var info = await grains.GetGrain<ITrackableGrain>(id).GetAsync(user.AccountId());
        return info is { Kind: HitKind.Click } ? Envelope.Ok(info.ToUrlResponse(urls)) : Envelope.NotFound("Trackable URL");
    }

    private static Task<Results<Ok<Envelope<HitDataResponse>>, JsonHttpResult<ErrorEnvelope>>> GetUrlDataAsync(
        long id, string? offset, string? limit, ClaimsPrincipal user, IGrainFactory grains, UserAgentDescriber describer, HitLocator locator) =>
        GetDataAsync(id, HitKind.Click, "Trackable URL", offset, limit, user, grains, describer, locator);

    private static async Task<Results<Ok<Envelope<string>>, JsonHttpResult<ErrorEnvelope>>> DeleteUrlAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var accountId = user.AccountId();
        // The link's mail tracking removes it (it keeps the list of links); the link only says which tracking that is.
        // The link cannot ask its tracking itself: the tracking calls its links (get, update, delete), and two grains
        // awaiting each other wait until the call times out.
        var info = await grains.GetGrain<ITrackableGrain>(id).GetAsync(accountId);
        if (info is not { Kind: HitKind.Click }) return Envelope.NotFound("Trackable URL");
        return await grains.GetGrain<IMailTrackingGrain>(info.TrackingId).RemoveLinkAsync(accountId, id)
            ? Envelope.Ok("Trackable url successfully deleted.")
            : Envelope.NotFound("Trackable URL");
    }

    private static async Task<Results<Ok<Envelope<HitDataResponse>>, JsonHttpResult<ErrorEnvelope>>> GetDataAsync(
        long id, HitKind kind, string what, string? offset, string? limit, ClaimsPrincipal user, IGrainFactory grains, UserAgentDescriber describer, HitLocator locator)
    {
        if (!TryParseInt(offset, 0, 0, MaxDataOffset, out var skip)) return Envelope.Validation($"offset must be an integer from 0 to {MaxDataOffset}.");
        if (!TryParseInt(limit, 10, 1, MaxDataLimit, out var take)) return Envelope.Validation($"limit must be an integer from 1 to {MaxDataLimit}.");
        var page = await grains.GetGrain<ITrackableGrain>(id).GetDataAsync(user.AccountId(), kind, skip, take);
        return page is null ? Envelope.NotFound(what) : Envelope.Ok(page.ToDataResponse(skip, take, describer, locator));
    }

    internal static bool TryParseInt(string? text, int fallback, int min, int max, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
