using System.Security.Claims;
using System.Text.Json;
using MailTracker.Accounts;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Api.Trackings;
using MailTracker.Trackings;
using MailTracker.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Webhooks;

/// <summary>Webhooks (MailSignal, TrackPost): signed, at-least-once deliveries of email.opened, link.clicked, recipient.unsubscribed, recipient.bounced.</summary>
public static class WebhookEndpoints
{
    public const int MaxDeliveries = 100;

    public static RouteGroupBuilder MapWebhookApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1/webhooks", "Webhooks");
        var json = api.MapGroup("").AddEndpointFilter(new BodySizeFilter(BodySizeFilter.JsonMax));
        json.MapPost("", CreateAsync).Validate<CreateWebhookRequest>().WithName("createWebhook").Produces<ErrorEnvelope>(StatusCodes.Status404NotFound).WithSummary("Create a webhook (its secret is shown once)");
        api.MapGet("", ListAsync).WithName("listWebhooks").WithSummary("List webhooks");
        api.MapGet("/{id:long}", GetAsync).WithName("getWebhook").WithSummary("Get a webhook");
        json.MapPatch("/{id:long}", UpdateAsync).Validate<UpdateWebhookRequest>().WithName("updateWebhook").WithSummary("Change a webhook (enabled: true also re-enables one that was disabled)");
        api.MapDelete("/{id:long}", DeleteAsync).WithName("deleteWebhook").WithSummary("Delete a webhook");
        api.MapGet("/{id:long}/deliveries", DeliveriesAsync).WithName("listWebhookDeliveries").WithSummary("The latest delivery attempts, newest first");
        api.MapPost("/{id:long}/test", TestAsync).WithName("testWebhook").WithSummary("Send a test event now");
        return api;
    }

    private static async Task<Results<Created<Envelope<WebhookResponse>>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        CreateWebhookRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var accountId = user.AccountId();
        if (body!.MailTrackingId is { } trackingId && await grains.GetGrain<IMailTrackingGrain>(trackingId).GetAsync(accountId) is null)
        {
            return Envelope.NotFound("Mail tracking");
        }
        var spec = new WebhookSpec(body.Url!.Trim(), [.. body.Events!.Distinct()], body.MailTrackingId, body.Enabled ?? true);
        var result = await grains.GetGrain<IAccountGrain>(accountId).CreateWebhookAsync(spec, body.Secret);
        return result.Outcome switch
        {
            Outcome.Ok => Envelope.Created($"/api/v1/webhooks/{result.Value!.Webhook.Id}", ToResponse(result.Value.Webhook) with { Secret = result.Value.Secret }),
            Outcome.Invalid => Envelope.Validation(result.Message!),
            _ => Envelope.Unauthorized("The account of this API key no longer exists."),
        };
    }

    private static async Task<Ok<Envelope<WebhookListResponse>>> ListAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var accountId = user.AccountId();
        var ids = await grains.GetGrain<IAccountGrain>(accountId).ListWebhooksAsync();
        var webhooks = await Task.WhenAll(ids.Select(id => grains.GetGrain<IWebhookGrain>(id).GetAsync(accountId)));
        return Envelope.Ok(new WebhookListResponse([.. webhooks.OfType<WebhookInfo>().Select(ToResponse)]));
    }

    private static async Task<Results<Ok<Envelope<WebhookResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(long id, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IWebhookGrain>(id).GetAsync(user.AccountId()) is { } info ? Envelope.Ok(ToResponse(info)) : Envelope.NotFound("Webhook");

    private static async Task<Results<Ok<Envelope<WebhookResponse>>, JsonHttpResult<ErrorEnvelope>>> UpdateAsync(
        long id, UpdateWebhookRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var accountId = user.AccountId();
        long? trackingId = body!.MailTrackingId.ValueKind == JsonValueKind.Number ? body.MailTrackingId.GetInt64() : null;
        if (trackingId is { } t && await grains.GetGrain<IMailTrackingGrain>(t).GetAsync(accountId) is null) return Envelope.NotFound("Mail tracking");
        var update = new WebhookUpdate(body.Url?.Trim(), body.Events is null ? null : [.. body.Events.Distinct()], trackingId,
            body.MailTrackingId.ValueKind == JsonValueKind.Null, body.Enabled);
        var result = await grains.GetGrain<IWebhookGrain>(id).UpdateAsync(accountId, update);
        return result.Outcome switch
        {
            Outcome.Ok => Envelope.Ok(ToResponse(result.Value!)),
            Outcome.Invalid => Envelope.Validation(result.Message!),
            _ => Envelope.NotFound("Webhook"),
        };
    }

    private static async Task<Results<Ok<Envelope<string>>, JsonHttpResult<ErrorEnvelope>>> DeleteAsync(long id, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IWebhookGrain>(id).DeleteAsync(user.AccountId())
            ? Envelope.Ok("Webhook successfully deleted.")
            : Envelope.NotFound("Webhook");

    private static async Task<Results<Ok<Envelope<DeliveryListResponse>>, JsonHttpResult<ErrorEnvelope>>> DeliveriesAsync(
        long id, string? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!MailTrackingEndpoints.TryParseInt(limit, 50, 1, MaxDeliveries, out var take)) return Envelope.Validation($"limit must be an integer from 1 to {MaxDeliveries}.");
        var attempts = await grains.GetGrain<IWebhookGrain>(id).GetDeliveriesAsync(user.AccountId(), take);
        return attempts is null ? Envelope.NotFound("Webhook") : Envelope.Ok(new DeliveryListResponse([.. attempts.Select(ToResponse)]));
    }

    private static async Task<Results<Ok<Envelope<DeliveryResponse>>, JsonHttpResult<ErrorEnvelope>>> TestAsync(long id, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IWebhookGrain>(id).SendTestAsync(user.AccountId()) is { } attempt ? Envelope.Ok(ToResponse(attempt)) : Envelope.NotFound("Webhook");

    private static WebhookResponse ToResponse(WebhookInfo w) =>
        new(w.Id, w.Spec.Url, w.Spec.Events, w.Spec.MailTrackingId, w.Spec.Enabled && w.DisabledReason is null, w.DisabledReason, w.Created);

    private static DeliveryResponse ToResponse(WebhookAttempt a) => new(a.EventId, a.Event, a.Attempt, a.At, a.StatusCode, a.DurationMs, a.Error, a.Delivered);
}
