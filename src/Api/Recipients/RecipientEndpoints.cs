using System.Globalization;
using System.Security.Claims;
using System.Text;
using MailTracker.Accounts;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Api.Trackings;
using MailTracker.Hits;
using MailTracker.RateLimits;
using MailTracker.Recipients;
using MailTracker.Trackings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Recipients;

/// <summary>Per-recipient tokens (Mail Tracker, Procurios) and the raw open and click feeds (Procurios).</summary>
public static class RecipientEndpoints
{
    public const int MaxPageSize = 1000;

    public static RouteGroupBuilder MapRecipientApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1", "Recipients");

        api.MapPost("/mail-tracking/{id:long}/recipients", CreateAsync)
            .AddEndpointFilter(new BodySizeFilter(CreateRecipientsRequest.MaxBodyBytes))
            .Validate<CreateRecipientsRequest>()
            .WithName("createRecipients").Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden)
            .WithSummary("Create per-recipient tokens (1 to 10,000; the same email always gets the same token)");
        api.MapGet("/mail-tracking/{id:long}/recipients", ListAsync).WithName("listRecipients").WithSummary("List a mail tracking's recipients in update order");
        api.MapGet("/recipients", ListAllAsync).WithName("listAccountRecipients")
            .WithSummary("List the recipients of all the account's mail trackings in update order");
        api.MapGet("/mail-tracking/{id:long}/recipients.csv", ExportAsync).WithName("exportRecipients")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").WithSummary("Export a mail tracking's recipients as CSV (streamed)");
        api.MapGet("/recipients/{id:long}", GetAsync).WithName("getRecipient").WithSummary("Get a recipient");
        api.MapDelete("/recipients/{id:long}", DeleteAsync).WithName("deleteRecipient").WithSummary("Delete a recipient (its events stay)");
        api.MapPost("/recipients/{id:long}/unsubscribed", (long id, ClaimsPrincipal user, IGrainFactory grains, IRecipientDirectory directory) =>
            RecordAsync(id, RecipientEvent.Unsubscribed, user, grains, directory)).WithName("markRecipientUnsubscribed").WithSummary("Record that a recipient unsubscribed");
        api.MapPost("/recipients/{id:long}/bounced", (long id, ClaimsPrincipal user, IGrainFactory grains, IRecipientDirectory directory) =>
            RecordAsync(id, RecipientEvent.Bounced, user, grains, directory)).WithName("markRecipientBounced").WithSummary("Record that a recipient's mail bounced");

        api.MapGet("/events/opens", OpensAsync).WithName("listOpenEvents").Produces<ErrorEnvelope>(StatusCodes.Status404NotFound).WithTags("Events").WithSummary("Raw open events, in commit order");
        api.MapGet("/events/clicks", ClicksAsync).WithName("listClickEvents").Produces<ErrorEnvelope>(StatusCodes.Status404NotFound).WithTags("Events").WithSummary("Raw click events, in commit order");
        return api;
    }

    private static async Task<Results<Created<Envelope<CreateRecipientsResponse>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        long id, CreateRecipientsRequest? body, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls, TimeProvider time)
    {
        var accountId = user.AccountId();
        var tracking = grains.GetGrain<IMailTrackingGrain>(id);
        if (await tracking.GetAsync(accountId) is not { } info) return Envelope.NotFound("Mail tracking");
        // Counted once the request is known to be good: a typo or someone else's tracking costs no generation.
        var generation = await grains.GetGrain<IBulkGenerationGrain>(accountId).AcquireAsync();
        if (generation.Granted == 0)
        {
            throw RateLimitExceededException.Until(
                $"Too many bulk recipient generations: an account may make {generation.Limit} per {Plans.BulkGenerations.WindowMinutes} minutes.",
                generation.WindowEnd, time.GetUtcNow());
        }
        var result = await tracking.AddRecipientsAsync(accountId, body!.ToSpecs());
        if (result.Outcome == Outcome.LimitExceeded) return Envelope.LimitExceeded(result.Message!);
        if (result.Value is not { } created) return Envelope.NotFound("Mail tracking");
        var pixelUrl = info.Pixel is { } pixel ? urls.Pixel(pixel.Token) : null;
        var links = info.Links.Select(l => (l.Id, Url: urls.Link(l.Token))).ToList();
        var recipients = created.Select(r => new CreatedRecipientResponse(
            r.Id, r.Email, r.Name, r.Subject, r.Token, r.Created.ToUnixTimeMilliseconds(),
            pixelUrl is null ? null : RecipientMapping.Personal(pixelUrl, r.Token),
            [.. links.Select(l => new RecipientLinkUrl(l.Id, RecipientMapping.Personal(l.Url, r.Token)))])).ToList();
        return Envelope.Created($"/api/v1/mail-tracking/{id}/recipients", new CreateRecipientsResponse(id, recipients.Count, recipients));
    }

    private static Task<Results<Ok<Envelope<RecipientListResponse>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(
        long id, string? after, string? limit, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls) =>
        UpdatePageAsync($"/api/v1/mail-tracking/{id}/recipients", after, limit, urls,
            (cursor, take) => grains.GetGrain<IMailTrackingGrain>(id).ListRecipientsAsync(user.AccountId(), cursor, take));

    private static Task<Results<Ok<Envelope<RecipientListResponse>>, JsonHttpResult<ErrorEnvelope>>> ListAllAsync(
        string? after, string? limit, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls) =>
        UpdatePageAsync("/api/v1/recipients", after, limit, urls,
            async (cursor, take) => await grains.GetGrain<MailTracker.Accounts.IAccountGrain>(user.AccountId()).ListRecipientsAsync(cursor, take));

    /// <summary>A page of a recipients list in update order (a null page: no such mail tracking), with its next link.</summary>
    private static async Task<Results<Ok<Envelope<RecipientListResponse>>, JsonHttpResult<ErrorEnvelope>>> UpdatePageAsync(
        string path, string? after, string? limit, PublicUrls urls, Func<CommitCursor, int, Task<RecipientPage?>> read)
    {
        if (!MailTrackingEndpoints.TryParseInt(limit, MaxPageSize, 1, MaxPageSize, out var take)) return Envelope.Validation($"limit must be an integer from 1 to {MaxPageSize}.");
        if (Cursors.DecodeCommit(after) is not { } cursor) return Envelope.Validation("after is not a cursor this API gave out.");
        if (await read(cursor, take) is not { } page) return Envelope.NotFound("Mail tracking");
        // Always a next link: a poller keeps it and later receives exactly the recipients changed since.
        var next = new Link(urls.Api($"{path}?after={Cursors.Encode(page.Next)}&limit={take}"));
        return Envelope.Ok(new RecipientListResponse([.. page.Recipients.Select(r => r.ToResponse())], new PageLinks(next)));
    }

    private static async Task<Results<EmptyHttpResult, JsonHttpResult<ErrorEnvelope>>> ExportAsync(
        long id, HttpContext context, ClaimsPrincipal user, IGrainFactory grains, IRecipientDirectory directory, PublicUrls urls)
    {
        if (await grains.GetGrain<IMailTrackingGrain>(id).GetAsync(user.AccountId()) is not { } info) return Envelope.NotFound("Mail tracking");
        var pixelUrl = info.Pixel is { } pixel ? urls.Pixel(pixel.Token) : null;
        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"recipients-{id}.csv\"";
        var cancellation = context.RequestAborted;
        // Row by row from the database to the socket: memory stays flat whatever the size.
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync("email,token,tracking_url,created_at\n");
        await foreach (var row in directory.ExportAsync(id, cancellation))
        {
            var trackingUrl = pixelUrl is null ? "" : RecipientMapping.Personal(pixelUrl, row.Token);
            await writer.WriteAsync($"{Csv(row.Email)},{row.Token},{Csv(trackingUrl)},{row.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\n");
        }
        await writer.FlushAsync(cancellation);
        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<Envelope<RecipientResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains, IRecipientDirectory directory)
    {
        var info = await directory.FindTokenAsync(id) is { } token ? await grains.GetGrain<IRecipientGrain>(token).GetAsync(user.AccountId()) : null;
        return info is null ? Envelope.NotFound("Recipient") : Envelope.Ok(info.ToResponse());
    }

    private static async Task<Results<Ok<Envelope<RecipientResponse>>, JsonHttpResult<ErrorEnvelope>>> DeleteAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains, IRecipientDirectory directory)
    {
        var deleted = await directory.FindTokenAsync(id) is { } token ? await grains.GetGrain<IRecipientGrain>(token).DeleteAsync(user.AccountId()) : null;
        return deleted is null ? Envelope.NotFound("Recipient") : Envelope.Ok(deleted.ToResponse());
    }

    private static async Task<Results<Ok<Envelope<RecipientResponse>>, JsonHttpResult<ErrorEnvelope>>> RecordAsync(
        long id, RecipientEvent what, ClaimsPrincipal user, IGrainFactory grains, IRecipientDirectory directory)
    {
        var info = await directory.FindTokenAsync(id) is { } token ? await grains.GetGrain<IRecipientGrain>(token).RecordAsync(user.AccountId(), what) : null;
        return info is null ? Envelope.NotFound("Recipient") : Envelope.Ok(info.ToResponse());
    }

    private static async Task<Results<Ok<Envelope<OpensFeedResponse>>, JsonHttpResult<ErrorEnvelope>>> OpensAsync(
        string? mailTrackingId, string? after, string? limit, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var feed = await FeedAsync("opens", HitKind.Open, mailTrackingId, after, limit, user, grains, urls);
        return feed.Error is { } error ? error : Envelope.Ok(new OpensFeedResponse(feed.Events!, feed.Links!));
    }

    private static async Task<Results<Ok<Envelope<ClicksFeedResponse>>, JsonHttpResult<ErrorEnvelope>>> ClicksAsync(
        string? mailTrackingId, string? after, string? limit, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        var feed = await FeedAsync("clicks", HitKind.Click, mailTrackingId, after, limit, user, grains, urls);
        return feed.Error is { } error ? error : Envelope.Ok(new ClicksFeedResponse(feed.Events!, feed.Links!));
    }

    private static async Task<(IReadOnlyList<EventResponse>? Events, PageLinks? Links, JsonHttpResult<ErrorEnvelope>? Error)> FeedAsync(
        string name, HitKind kind, string? mailTrackingId, string? after, string? limit, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        if (!MailTrackingEndpoints.TryParseInt(limit, MaxPageSize, 1, MaxPageSize, out var take)) return (null, null, Envelope.Validation($"limit must be an integer from 1 to {MaxPageSize}."));
        if (Cursors.DecodeCommit(after) is not { } cursor) return (null, null, Envelope.Validation("after is not a cursor this API gave out."));
        long? trackingId = null;
        var accountId = user.AccountId();
        if (!string.IsNullOrEmpty(mailTrackingId))
        {
            if (!long.TryParse(mailTrackingId, NumberStyles.None, CultureInfo.InvariantCulture, out var tracking)) return (null, null, Envelope.Validation("mailTrackingId must be a mail tracking id."));
            trackingId = tracking;
        }
        // The account knows its mail trackings: one call checks the filter and reads the page.
        if (await grains.GetGrain<MailTracker.Accounts.IAccountGrain>(accountId).GetEventsAsync(kind, trackingId, cursor, take) is not { } page)
        {
            return (null, null, Envelope.NotFound("Mail tracking"));
        }
        var query = trackingId is { } t ? $"mailTrackingId={t}&" : "";
        // Always a next link: a poller keeps it and later receives exactly the events committed since.
        var next = new Link(urls.Api($"/api/v1/events/{name}?{query}after={Cursors.Encode(page.Next)}&limit={take}"));
        return ([.. page.Events.Select(e => e.ToResponse())], new PageLinks(next), null);
    }

    /// <summary>A CSV field, quoted when it must be; a leading formula character is neutralised for spreadsheets.</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
