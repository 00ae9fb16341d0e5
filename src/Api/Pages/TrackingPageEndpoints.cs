using System.Globalization;
using System.Text.Json;
using MailTracker.Api.Pages.Components;
using MailTracker.Api.Trackings;
using MailTracker.Trackings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Api.Pages;

/// <summary>
/// The page behind <c>mailTrackingUrl</c> (<c>/tracking/{id}</c>): server-rendered HTML for a person signed in with an API
/// key, its live channel, its sign-in and sign-out, and the static files it loads.
/// </summary>
public static class TrackingPageEndpoints
{
    public const string Prefix = "/tracking";
    private const string SignInPath = Prefix + "/sign-in";

    public static IServiceCollection AddTrackingPages(this IServiceCollection services) => services
        .AddSingleton<TrackingSessions>()
        .AddSingleton<TrackingSnapshotReader>()
        .AddSingleton<PageRenderer>()
        .AddSingleton<PageAssets>()
        .AddSingleton<LiveUpdates>();

    public static RouteGroupBuilder MapTrackingPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(PageAssets.Path + "/{name}", (string name, HttpResponse response, PageAssets assets) => assets.Serve(name, response))
            .ExcludeFromDescription();

        var pages = routes.MapGroup(Prefix).ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            PageHeaders.Apply(context.HttpContext.Response);
            return await next(context);
        });
        pages.MapGet("/sign-in", SignInFormAsync);
        pages.MapPost("/sign-in", SignInAsync);
        pages.MapPost("/sign-out", SignOutAsync);
        pages.MapGet("/{id}", PageAsync);
        pages.MapGet("/{id}/live", LiveAsync);
        return pages;
    }

    private static async Task<IResult> SignInFormAsync(string? returnUrl, HttpContext context, TrackingSessions sessions, PageRenderer renderer) =>
        await SignInPageAsync(renderer, StatusCodes.Status200OK, LocalOrNull(returnUrl), null, signedIn: await sessions.AccountAsync(context.Request) is not null);

    private static async Task<IResult> SignInAsync(HttpContext context, TrackingSessions sessions, PageRenderer renderer)
    {
        // Cookies are SameSite=Strict, and a browser names the page a form was posted from: a post from another site is refused.
        // (Antiforgery tokens would need Data Protection keys shared by every silo; the origin check needs nothing.)
        if (!IsSameOrigin(context.Request))
        {
            return await MessageAsync(renderer, StatusCodes.Status403Forbidden, "Not from this site",
                "This form can only be sent from MailTracker's own sign-in page.");
        }
        if (!context.Request.HasFormContentType)
        {
            return await SignInPageAsync(renderer, StatusCodes.Status400BadRequest, null, "Send the sign-in form with your API key.");
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalOrNull(form["returnUrl"].ToString());
        if (!await sessions.SignInAsync(context, form["key"].ToString()))
        {
            // The key is never echoed: not in the form, not in the message.
            return await SignInPageAsync(renderer, StatusCodes.Status401Unauthorized, returnUrl,
                "That is not a valid API key of an account (it may have been revoked). Check it and try again.");
        }
        return Results.Redirect(returnUrl ?? SignInPath);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, TrackingSessions sessions, PageRenderer renderer)
    {
        if (!IsSameOrigin(context.Request))
        {
            return await MessageAsync(renderer, StatusCodes.Status403Forbidden, "Not from this site",
                "This form can only be sent from MailTracker's own pages.");
        }
        await sessions.SignOutAsync(context);
        return Results.Redirect(SignInPath);
    }

    private static async Task<IResult> PageAsync(
        string id, string? page, string? tz, HttpContext context, TrackingSessions sessions, TrackingSnapshotReader reader, PageRenderer renderer, IGrainFactory grains)
    {
        if (await sessions.AccountAsync(context.Request) is not { } accountId)
        {
            return Results.Redirect($"{SignInPath}?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
        }
        if (!MailTrackingEndpoints.TryParseInt(page, 1, 1, TrackingSnapshotReader.MaxLogPage, out var pageNumber))
        {
            return await MessageAsync(renderer, StatusCodes.Status400BadRequest, "No such page",
                $"page must be a whole number from 1 to {TrackingSnapshotReader.MaxLogPage}.");
        }
        if (Zone(tz) is not { } zone)
        {
            return await MessageAsync(renderer, StatusCodes.Status400BadRequest, "Unknown time zone",
                "tz must be an IANA time zone such as UTC or Europe/Berlin.");
        }
        if (await FindAsync(grains, accountId, id) is not { } tracking
            || await reader.ReadAsync(tracking, pageNumber, zone, context.RequestAborted) is not { } snapshot)
        {
            return await NotFoundAsync(renderer);
        }
        var pages = (int)Math.Max(1, Math.Min(TrackingSnapshotReader.MaxLogPage, (snapshot.LogTotal + TrackingSnapshotReader.LogPageSize - 1) / TrackingSnapshotReader.LogPageSize));
        var live = $"{Prefix}/{tracking.Id}/live?page={pageNumber}&tz={Uri.EscapeDataString(zone.Id)}";
        var view = new TrackingView(tracking, snapshot, JsonSerializer.Serialize(snapshot, PageJson.Options), pageNumber, pages, zone.Id, live);
        return await renderer.RenderAsync<TrackingPage>(StatusCodes.Status200OK, new Dictionary<string, object?> { [nameof(TrackingPage.View)] = view });
    }

    private static async Task<IResult> LiveAsync(
        string id, string? page, string? tz, HttpContext context, TrackingSessions sessions, LiveUpdates live, PageRenderer renderer, IGrainFactory grains)
    {
        if (await sessions.AccountAsync(context.Request) is not { } accountId)
        {
            return await MessageAsync(renderer, StatusCodes.Status401Unauthorized, "Signed out", "Sign in again to follow this tracking live.");
        }
        if (!MailTrackingEndpoints.TryParseInt(page, 1, 1, TrackingSnapshotReader.MaxLogPage, out var pageNumber) || Zone(tz) is not { } zone)
        {
            return await MessageAsync(renderer, StatusCodes.Status400BadRequest, "Bad live request", "page and tz must be as on the tracking page.");
        }
        if (await FindAsync(grains, accountId, id) is not { } tracking) return await NotFoundAsync(renderer);
        // Proxies must pass each event on at once.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var request = context.Request;
        return TypedResults.ServerSentEvents(
            live.StreamAsync(accountId, tracking.Id, pageNumber, zone, async () => await sessions.AccountAsync(request) == accountId, context.RequestAborted),
            eventType: "snapshot");
    }

    /// <summary>Another account's tracking and an id that is none look the same.</summary>
    private static async Task<MailTrackingInfo?> FindAsync(IGrainFactory grains, long accountId, string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var trackingId) && trackingId > 0
            ? await grains.GetGrain<IMailTrackingGrain>(trackingId).GetAsync(accountId)
            : null;

    private static TimeZoneInfo? Zone(string? tz) =>
        string.IsNullOrEmpty(tz) ? TimeZoneInfo.Utc : TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var zone) ? zone : null;

    private static string? LocalOrNull(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith(Prefix + "/", StringComparison.Ordinal) && RedirectHttpResult.IsLocalUrl(url) ? url : null;

    /// <summary>
    /// A browser says where a form post comes from (Sec-Fetch-Site, or else Origin); a client that says neither is no
    /// browser, so it cannot be a forged post in someone's session.
    /// </summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site is "same-origin" or "none";
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || origin == $"{request.Scheme}://{request.Host}";
    }

    private static Task<IResult> SignInPageAsync(PageRenderer renderer, int status, string? returnUrl, string? error, bool signedIn = false) =>
        renderer.RenderAsync<SignInPage>(status, new Dictionary<string, object?>
        {
            [nameof(SignInPage.ReturnUrl)] = returnUrl,
            [nameof(SignInPage.Error)] = error,
            [nameof(SignInPage.SignedIn)] = signedIn,
        });

    private static Task<IResult> NotFoundAsync(PageRenderer renderer) =>
        MessageAsync(renderer, StatusCodes.Status404NotFound, "Not found", "There is no mail tracking of your account at this address.");

    private static Task<IResult> MessageAsync(PageRenderer renderer, int status, string heading, string message) =>
        renderer.RenderAsync<MessagePage>(status, new Dictionary<string, object?>
        {
            [nameof(MessagePage.Heading)] = heading,
            [nameof(MessagePage.Message)] = message,
        });
}
