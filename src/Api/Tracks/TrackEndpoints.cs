using System.Globalization;
using System.Security.Claims;
using MailTracker.Accounts;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Api.Recipients;
using MailTracker.Api.Trackings;
using MailTracker.Grains.Classification;
using MailTracker.Grains.Locations;
using MailTracker.Recipients;
using MailTracker.Trackings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Tracks;

/// <summary>
/// MailSignal's tracks: a track is a recipient of a campaign, and a campaign a mail tracking (with a pixel)
/// that the first track of that name creates. The same recipient in the same campaign is the same track.
/// </summary>
public static class TrackEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapTrackApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1/tracks", "Tracks");
        api.MapPost("", CreateAsync).AddEndpointFilter(new BodySizeFilter(BodySizeFilter.JsonMax)).Validate<CreateTrackRequest>()
            .WithName("createTrack").Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden).Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Create a track: a recipient's pixel in a campaign");
        api.MapGet("", ListAsync).WithName("listTracks").WithSummary("List tracks (campaign, opened, from/to, cursor)");
        api.MapGet("/{id:long}", GetAsync).WithName("getTrack").WithSummary("Get a track with its opens");
        return api;
    }

    private static async Task<Results<Created<Envelope<TrackResponse>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        CreateTrackRequest? body, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var accountId = user.AccountId();
        var campaign = body!.Campaign?.Trim() ?? CreateTrackRequest.DefaultCampaign;
        if (await grains.GetGrain<IAccountGrain>(accountId).GetCampaignAsync(campaign, create: true) is not { } trackingId)
        {
            return Envelope.Unauthorized("The account of this API key no longer exists.");
        }
        var tracking = grains.GetGrain<IMailTrackingGrain>(trackingId);
        var created = await tracking.AddRecipientsAsync(accountId, [new RecipientSpec(body.Recipient!.Trim(), null, body.Subject?.Trim())]);
        if (created.Outcome == Outcome.LimitExceeded) return Envelope.LimitExceeded(created.Message!);
        var info = await tracking.GetAsync(accountId);
        if (created.Value is not [var recipient] || info is null) return Envelope.NotFound("Campaign");
        var track = await grains.GetGrain<IRecipientGrain>(recipient.Token).GetAsync(accountId);
        return Envelope.Created($"/api/v1/tracks/{recipient.Id}", ToResponse(track!, campaign, PixelUrl(info, recipient.Token, urls), opens: []));
    }

    private static async Task<Results<Ok<Envelope<TrackListResponse>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(
        string? campaign, string? opened, string? from, string? to, string? limit, string? cursor, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!MailTrackingEndpoints.TryParseInt(limit, DefaultLimit, 1, MaxLimit, out var take)) return Envelope.Validation($"limit must be an integer from 1 to {MaxLimit}.");
        bool? openedFilter = opened switch { null or "" => null, "true" => true, "false" => false, _ => null };
        if (openedFilter is null && !string.IsNullOrEmpty(opened)) return Envelope.Validation("opened must be true or false.");
        if (!TryParseTime(from, out var fromTime)) return Envelope.Validation("from must be an ISO 8601 date or time.");
        if (!TryParseTime(to, out var toTime)) return Envelope.Validation("to must be an ISO 8601 date or time.");
        long? afterId = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (Cursors.DecodeId(cursor) is not { } decoded) return Envelope.Validation("cursor is not a cursor this API gave out.");
            afterId = decoded;
        }
        var page = await grains.GetGrain<IAccountGrain>(user.AccountId())
            .ListTracksAsync(new TrackQuery(string.IsNullOrEmpty(campaign) ? null : campaign, openedFilter, fromTime, toTime, afterId, take));
        var tracks = page.Tracks.Select(t => ToResponse(t.Recipient, t.Campaign, null, opens: null)).ToList();
        var next = page.HasMore && tracks.Count > 0 ? Cursors.Encode(tracks[^1].Id) : null;
        return Envelope.Ok(new TrackListResponse(tracks, next, page.HasMore));
    }

    private static async Task<Results<Ok<Envelope<TrackResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains, IRecipientDirectory directory, PublicUrls urls, UserAgentDescriber describer, HitLocator locator)
    {
        var accountId = user.AccountId();
        if (await directory.FindTokenAsync(id) is not { } token) return Envelope.NotFound("Track");
        var grain = grains.GetGrain<IRecipientGrain>(token);
        if (await grain.GetAsync(accountId) is not { } recipient || await grain.GetOpensAsync(accountId) is not { } opens) return Envelope.NotFound("Track");
        var tracking = await grains.GetGrain<IMailTrackingGrain>(recipient.TrackingId).GetAsync(accountId);
        var campaign = tracking is null ? null : tracking.Settings.Name;
        return Envelope.Ok(ToResponse(recipient, campaign, tracking is null ? null : PixelUrl(tracking, token, urls), [.. opens.Select(o => ToOpen(o, describer, locator))]));
    }

    private static string? PixelUrl(MailTrackingInfo tracking, string recipientToken, PublicUrls urls) =>
        tracking.Pixel is { } pixel ? RecipientMapping.Personal(urls.Pixel(pixel.Token), recipientToken) : null;

    private static TrackResponse ToResponse(RecipientInfo r, string? campaign, string? pixelUrl, IReadOnlyList<TrackOpenResponse>? opens) => new(
        r.Id, r.Email, r.Subject, campaign, pixelUrl, r.Created, r.Opens.Total, r.Clicks.Total, r.FirstOpen, opens);

    private static TrackOpenResponse ToOpen(RecipientOpen open, UserAgentDescriber describer, HitLocator locator)
    {
        var agent = describer.Describe(open.UserAgent);
        // Null when the address is not kept (trackIpAddresses off), no database is configured, or it does not know the address.
        var location = locator.Locate(open.IpAddress) is { } place ? new TrackLocation(place.City, place.Country) : null;
        return new TrackOpenResponse(open.Date, agent.EmailClient, agent.Device, location, open.Bot, open.BotReason, open.Proxy);
    }

    internal static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        time = parsed;
        return true;
    }
}
