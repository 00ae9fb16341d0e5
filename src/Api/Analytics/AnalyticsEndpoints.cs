using System.Globalization;
using System.Security.Claims;
using MailTracker.Analytics;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Analytics;

/// <summary>
/// Analytics read from the rollups (never from the hits): MailSignal's <c>/analytics</c>, and TrackPost's <c>/analytics/emails</c>
/// from the account's messages, for one mail tracking, one campaign or the whole account. What each number counts: README, "Analytics".
/// </summary>
public static class AnalyticsEndpoints
{
    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1/analytics", "Analytics");
        api.MapGet("", GetAsync).WithName("getAnalytics").WithAnalyticsErrors()
            .WithSummary("Analytics: opens, clicks, people, rates, email clients, devices, countries, time of day, timeline");
        api.MapGet("/emails", GetEmailsAsync).WithName("getEmailAnalytics").WithAnalyticsErrors()
            .WithSummary("Email stats (TrackPost): sent, delivered, bounced, opened, clicked, by date");
        return api;
    }

    private static async Task<Results<Ok<Envelope<AnalyticsResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        string? period, string? from, string? to, string? groupBy, string? timezone, string? mailTrackingId, string? campaign,
        ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        if (!TryParseId(mailTrackingId, out var trackingId)) return Envelope.Validation("mailTrackingId must be a mail tracking's id.");
        var (query, label, error) = AnalyticsPeriod.Resolve(period, from, to, groupBy, timezone, trackingId, campaign, time.GetUtcNow());
        if (query is null) return Envelope.Validation(error!);
        if (await grains.GetGrain<IAnalyticsGrain>(user.AccountId()).GetAsync(query) is not { } report)
        {
            return Envelope.NotFound(query.Campaign is null ? "Mail tracking" : "Campaign");
        }
        var timeline = report.Timeline.Select(p => new AnalyticsTimelineEntry(p.Date, p.Opens, p.Clicks, p.Tracks, p.HumanOpens, p.UniqueOpens, p.UniqueClicks)).ToList();
        return Envelope.Ok(new AnalyticsResponse(label!, query.From, query.To, query.TimeZone, query.GroupBy.ToString().ToLowerInvariant(), query.TrackingId,
            query.Campaign, report.Summary, report.EmailClients, report.Devices, report.OperatingSystems, report.Countries, report.TimeOfDay, timeline));
    }

    private static async Task<Results<Ok<Envelope<EmailAnalyticsResponse>>, JsonHttpResult<ErrorEnvelope>>> GetEmailsAsync(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "from_date")] string? fromDate, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "to_date")] string? toDate,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "group_by")] string? groupBy, string? period, string? timezone, string? mailTrackingId, string? campaign,
        ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        if (!TryParseId(mailTrackingId, out var trackingId)) return Envelope.Validation("mailTrackingId must be a mail tracking's id.");
        var (query, _, error) = AnalyticsPeriod.Resolve(period, fromDate, toDate, groupBy, timezone, trackingId, campaign, time.GetUtcNow());
        if (query is null) return Envelope.Validation(error!.Replace("from ", "from_date ", StringComparison.Ordinal).Replace("to ", "to_date ", StringComparison.Ordinal)
            .Replace("groupBy", "group_by", StringComparison.Ordinal));
        if (await grains.GetGrain<IAnalyticsGrain>(user.AccountId()).GetEmailsAsync(query) is not { } points)
        {
            return Envelope.NotFound(query.Campaign is null ? "Mail tracking" : "Campaign");
        }
        var byDate = points.Select(p => new EmailDateEntry(p.Date, p.Sent, p.Delivered, p.Bounced, p.Opened, p.Clicked)).ToList();
        var total = new EmailTotals(byDate.Sum(p => p.Sent), byDate.Sum(p => p.Delivered), byDate.Sum(p => p.Bounced), 0,
            byDate.Sum(p => p.Opened), byDate.Sum(p => p.Clicked));
        return Envelope.Ok(new EmailAnalyticsResponse(total, byDate));
    }

    /// <summary>The error answers a client generator must know of: a bad parameter, a missing key, an unknown tracking or campaign.</summary>
    private static RouteHandlerBuilder WithAnalyticsErrors(this RouteHandlerBuilder route) => route
        .Produces<ErrorEnvelope>(StatusCodes.Status400BadRequest)
        .Produces<ErrorEnvelope>(StatusCodes.Status401Unauthorized)
        .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound);

    private static bool TryParseId(string? text, out long? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0) return false;
        id = parsed;
        return true;
    }
}
