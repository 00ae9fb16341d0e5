using System.Globalization;
using System.Security.Claims;
using MailTracker.Accounts;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Api.Trackings;
using MailTracker.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Templates;

/// <summary>Templates (TrackPost): <c>{{variable}}</c> subjects and bodies, rendered with Stubble (mustache).</summary>
public static class TemplateEndpoints
{
    public const int DefaultListLimit = 20;
    public const int MaxListLimit = 100;
    public const int MaxOffset = 1_000_000;

    public static RouteGroupBuilder MapTemplateApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1/templates", "Templates");
        var json = api.MapGroup("").AddEndpointFilter(new BodySizeFilter(BodySizeFilter.JsonMax));
        json.MapPost("", CreateAsync).Validate<CreateTemplateRequest>().WithName("createTemplate").WithSummary("Create a template");
        api.MapGet("", ListAsync).WithName("listTemplates").WithSummary("List templates, oldest first");
        api.MapGet("/{id:long}", GetAsync).WithName("getTemplate").WithSummary("Get a template");
        json.MapPatch("/{id:long}", UpdateAsync).Validate<UpdateTemplateRequest>().WithName("updateTemplate").WithSummary("Change a template (every field optional)");
        api.MapDelete("/{id:long}", DeleteAsync).WithName("deleteTemplate").WithSummary("Delete a template");
        json.MapPost("/{id:long}/render", RenderAsync).Validate<RenderTemplateRequest>()
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithName("renderTemplate").WithSummary("Render a template with variables (a preview)");
        return api;
    }

    /// <summary>404 <c>template_not_found</c> (TrackPost's code): an unknown template and another account's answer alike.</summary>
    public static JsonHttpResult<ErrorEnvelope> NotFound() =>
        Envelope.Error(StatusCodes.Status404NotFound, ErrorCodes.TemplateNotFound, "Template was not found.");

    /// <summary>422 <c>invalid_variables</c>: variables a template uses were not given, or a value is of no usable type.</summary>
    public static JsonHttpResult<ErrorEnvelope> InvalidVariables(string message) =>
        Envelope.Error(StatusCodes.Status422UnprocessableEntity, ErrorCodes.InvalidVariables, message);

    private static async Task<Results<Created<Envelope<TemplateResponse>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        CreateTemplateRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IAccountGrain>(user.AccountId()).CreateTemplateAsync(body!.ToContent());
        return result.Outcome switch
        {
            Outcome.Ok => Envelope.Created($"/api/v1/templates/{result.Value!.Id}", ToResponse(result.Value)),
            Outcome.Invalid => Envelope.Validation(result.Message!),
            _ => Envelope.Unauthorized("The account of this API key no longer exists."),
        };
    }

    private static async Task<Results<Ok<Envelope<TemplateListResponse>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(
        string? after, string? limit, string? offset, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        if (!MailTrackingEndpoints.TryParseInt(limit, DefaultListLimit, 1, MaxListLimit, out var take)) return Envelope.Validation($"limit must be an integer from 1 to {MaxListLimit}.");
        if (!MailTrackingEndpoints.TryParseInt(offset, 0, 0, MaxOffset, out var skip)) return Envelope.Validation($"offset must be an integer from 0 to {MaxOffset}.");
        long afterPosition = 0;
        if (!string.IsNullOrEmpty(after))
        {
            if (Cursors.DecodeId(after) is not { } decoded) return Envelope.Validation("after is not a cursor this API gave out.");
            afterPosition = decoded;
        }
        var accountId = user.AccountId();
        var page = await grains.GetGrain<IAccountGrain>(accountId).ListTemplatesAsync(afterPosition, skip, take);
        var templates = await Task.WhenAll(page.Ids.Select(id => grains.GetGrain<ITemplateGrain>(id).GetAsync(accountId)));
        // The cursor is the last template's position, not an offset: deletions meanwhile neither skip nor repeat a template.
        var next = page.Next is { } position
            ? new Link(urls.Api(string.Create(CultureInfo.InvariantCulture, $"/api/v1/templates?after={Cursors.Encode(position)}&limit={take}")))
            : null;
        return Envelope.Ok(new TemplateListResponse([.. templates.OfType<TemplateInfo>().Select(ToResponse)], new PageLinks(next)));
    }

    private static async Task<Results<Ok<Envelope<TemplateResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(long id, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<ITemplateGrain>(id).GetAsync(user.AccountId()) is { } info ? Envelope.Ok(ToResponse(info)) : NotFound();

    private static async Task<Results<Ok<Envelope<TemplateResponse>>, JsonHttpResult<ErrorEnvelope>>> UpdateAsync(
        long id, UpdateTemplateRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.GetGrain<ITemplateGrain>(id).UpdateAsync(user.AccountId(), body!.ToUpdate());
        return result.Outcome switch
        {
            Outcome.Ok => Envelope.Ok(ToResponse(result.Value!)),
            Outcome.Invalid => Envelope.Validation(result.Message!),
            _ => NotFound(),
        };
    }

    private static async Task<Results<Ok<Envelope<string>>, JsonHttpResult<ErrorEnvelope>>> DeleteAsync(long id, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<ITemplateGrain>(id).DeleteAsync(user.AccountId()) ? Envelope.Ok("Template successfully deleted.") : NotFound();

    private static async Task<Results<Ok<Envelope<RenderedTemplateResponse>>, JsonHttpResult<ErrorEnvelope>>> RenderAsync(
        long id, RenderTemplateRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var template = grains.GetGrain<ITemplateGrain>(id);
        var (values, invalid) = TemplateVariables.Read(body!.Variables);
        if (values is null)
        {
            // A template that is not there is a 404 whatever the variables are.
            return await template.GetAsync(user.AccountId()) is null ? NotFound() : InvalidVariables(invalid!);
        }
        var rendering = await template.RenderAsync(user.AccountId(), values);
        return rendering switch
        {
            null => NotFound(),
            { Rendered: { } r } => Envelope.Ok(new RenderedTemplateResponse(r.Subject, r.Html, r.Text)),
            { Problem: { } problem } => InvalidVariables(problem),
            _ => InvalidVariables(TemplateVariables.Missing(rendering.MissingVariables)),
        };
    }

    private static TemplateResponse ToResponse(TemplateInfo t) =>
        new(t.Id, t.Content.Name, t.Content.Subject, t.Content.Html, t.Content.Text, t.Variables, t.Created, t.Updated);
}
