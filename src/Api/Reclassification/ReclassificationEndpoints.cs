using System.Security.Claims;
using MailTracker.Api.Admin;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Reclassification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Reclassification;

/// <summary>Judging stored hits again under the current classification rules: a mail tracking's (its account's key), an account's (the operator).</summary>
public static class ReclassificationEndpoints
{
    public static IEndpointRouteBuilder MapReclassificationApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1", "Mail tracking");
        api.MapPost("/mail-tracking/{id:long}/reclassify", StartAsync).WithName("reclassifyMailTracking")
            .WithSummary("Judge the mail tracking's stored hits again under the current classification rules");
        api.MapGet("/mail-tracking/{id:long}/reclassify", GetAsync).WithName("getMailTrackingReclassification").WithSummary("The progress of the mail tracking's reclassification");

        var admin = routes.MapGroup("/admin/v1").RequireAuthorization(AdminAuthenticationHandler.Policy).WithTags("Admin");
        admin.MapPost("/accounts/{id:long}/reclassify", StartAccountAsync).WithName("reclassifyAccount")
            .WithSummary("Judge the stored hits of every mail tracking of an account again under the current classification rules");
        admin.MapGet("/accounts/{id:long}/reclassify", GetAccountAsync).WithName("getAccountReclassification")
            .WithSummary("The progress of an account's reclassification");
        return routes;
    }

    private static async Task<Results<Accepted<Envelope<ReclassificationResponse>>, JsonHttpResult<ErrorEnvelope>>> StartAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var progress = await grains.GetGrain<IReclassificationGrain>(id).StartAsync(user.AccountId());
        return progress is null ? Envelope.NotFound("Mail tracking") : TypedResults.Accepted(Location(id), Envelope.Of(Response(id, progress)));
    }

    private static async Task<Results<Ok<Envelope<ReclassificationResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        long id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var progress = await grains.GetGrain<IReclassificationGrain>(id).GetAsync(user.AccountId());
        return progress is null ? Envelope.NotFound("Reclassification") : Envelope.Ok(Response(id, progress));
    }

    private static async Task<Results<Accepted<Envelope<AccountReclassificationResponse>>, JsonHttpResult<ErrorEnvelope>>> StartAccountAsync(
        long id, IGrainFactory grains)
    {
        var progress = await grains.GetGrain<IAccountReclassificationGrain>(id).StartAsync();
        return progress is null ? Envelope.NotFound("Account") : TypedResults.Accepted($"/admin/v1/accounts/{id}/reclassify", Envelope.Of(Response(id, progress)));
    }

    private static async Task<Results<Ok<Envelope<AccountReclassificationResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAccountAsync(
        long id, IGrainFactory grains)
    {
        var progress = await grains.GetGrain<IAccountReclassificationGrain>(id).GetAsync();
        return progress is null ? Envelope.NotFound("Reclassification") : Envelope.Ok(Response(id, progress));
    }

    private static string Location(long id) => $"/api/v1/mail-tracking/{id}/reclassify";

    private static string State(ReclassificationProgress progress) => progress.Done ? "done" : "running";

    private static ReclassificationResponse Response(long trackingId, ReclassificationProgress p) =>
        new(trackingId, p.RulesVersion, State(p), p.Judged, p.Changed, p.Started, p.Finished);

    private static AccountReclassificationResponse Response(long accountId, AccountReclassificationProgress p) =>
        new(accountId, p.Total.RulesVersion, State(p.Total), p.Total.Judged, p.Total.Changed, p.Total.Started, p.Total.Finished, p.MailTrackings, p.MailTrackingsDone);
}
