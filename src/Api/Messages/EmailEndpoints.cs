using System.Security.Claims;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Api.Trackings;
using MailTracker.Api.Tracks;
using MailTracker.Grains.Ids;
using MailTracker.Grains.Messages;
using MailTracker.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MailTracker.Api.Messages;

/// <summary>
/// TrackPost's sending: a message is stored with its outbox entries before it is answered, and the outbox sender
/// delivers it through the operator's SMTP relay. A test key's messages stop before SMTP (status sent, <c>test</c>).
/// </summary>
public static class EmailEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxOffset = 100_000;
    public const string SmtpNotConfigured = "smtp_not_configured";
    public const string NotCancellable = "email_not_cancellable";

    public static RouteGroupBuilder MapEmailApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiKeyGroup("/api/v1/emails", "Emails");
        api.MapPost("", SendAsync).AddEndpointFilter(new BodySizeFilter(SendEmailRequest.MaxBodyBytes)).Validate<SendEmailRequest>()
            .WithName("sendEmail").Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden).Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Send a tracked message");
        api.MapDelete("/{id:long}", CancelAsync).WithName("cancelEmail").Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict).WithSummary("Cancel a scheduled message");
        api.MapGet("", ListAsync).WithName("listEmails").WithSummary("List messages (status, from_date/to_date, to, from, tags; limit/offset)");
        api.MapGet("/{id:long}", GetAsync).WithName("getEmail").Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Get a message with its delivery, opens and clicks");
        return api;
    }

    private static async Task<Results<Created<Envelope<EmailResponse>>, JsonHttpResult<ErrorEnvelope>>> SendAsync(
        SendEmailRequest? body, ClaimsPrincipal user, IGrainFactory grains, IIdGenerator ids, PublicUrls urls, IOptions<SmtpOptions> smtp, TimeProvider time)
    {
        var scheduledAt = body?.ScheduledAt is { } text ? SendEmailRequest.ParseScheduledAt(text) : null;
        if (scheduledAt > time.GetUtcNow() + SendEmailRequest.MaxScheduleAhead)
        {
            return Envelope.Validation($"scheduled_at is more than {SendEmailRequest.MaxScheduleAhead.TotalDays:0} days ahead.");
        }
        var test = user.IsTestKey();
        if (!test && !smtp.Value.Configured)
        {
            return Envelope.Error(StatusCodes.Status422UnprocessableEntity, SmtpNotConfigured,
                "Sending is not configured: the operator must set MailTracker__Smtp__Host (and Port, Username, Password, Security). Test keys (mt_test_…) work without it.");
        }
        var request = body!;
        if (await VerifiedSender.ProblemAsync(grains, user.AccountId(), request.From!) is { } unverified) return unverified;
        var (content, problem) = await EmailTemplateContent.ResolveAsync(request, user.AccountId(), grains);
        if (content is null) return problem!;
        var draft = new EmailDraft(
            request.From!.Trim(),
            SendEmailRequest.Addresses(request.To), SendEmailRequest.Addresses(request.Cc), SendEmailRequest.Addresses(request.Bcc),
            request.ReplyTo?.Trim(), content.Subject, content.Html, content.Text, request.DecodedAttachments(),
            [.. (request.Tags ?? []).Select(t => t!.Trim()).Distinct(StringComparer.Ordinal)],
            request.TrackOpens ?? true, request.TrackClicks ?? true, test, urls.Api(""), content.TemplateId, content.Variables, scheduledAt);
        var id = await ids.NextAsync();
        var created = await grains.GetGrain<IEmailGrain>(id).CreateAsync(user.AccountId(), draft);
        return created.Outcome switch
        {
            Outcome.Ok => Envelope.Created($"/api/v1/emails/{id}", ToResponse(created.Value!, withBody: true)),
            Outcome.LimitExceeded => Envelope.LimitExceeded(created.Message!),
            _ => Envelope.Unauthorized("The account of this API key no longer exists."),
        };
    }

    private static async Task<Results<Ok<Envelope<EmailCancelResponse>>, JsonHttpResult<ErrorEnvelope>>> CancelAsync(long id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var cancelled = await grains.GetGrain<IEmailGrain>(id).CancelAsync(user.AccountId());
        return cancelled.Outcome switch
        {
            Outcome.Ok => Envelope.Ok(new EmailCancelResponse(id, Name(cancelled.Value!.Status))),
            Outcome.Conflict => Envelope.Error(StatusCodes.Status409Conflict, NotCancellable, cancelled.Message!),
            _ => Envelope.NotFound("Email"),
        };
    }

    private static async Task<Results<Ok<Envelope<EmailListResponse>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(
        string? limit, string? offset, string? status, string? from_date, string? to_date, string? to, string? from, string? tags,
        ClaimsPrincipal user, IEmailStore store, IGrainFactory grains)
    {
        if (!MailTrackingEndpoints.TryParseInt(limit, DefaultLimit, 1, MaxLimit, out var take)) return Envelope.Validation($"limit must be an integer from 1 to {MaxLimit}.");
        if (!MailTrackingEndpoints.TryParseInt(offset, 0, 0, MaxOffset, out var skip)) return Envelope.Validation($"offset must be an integer from 0 to {MaxOffset}.");
        EmailStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<EmailStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Envelope.Validation($"status must be one of {string.Join(", ", Enum.GetNames<EmailStatus>().Select(n => n.ToLowerInvariant()))}.");
            }
            statusFilter = parsed;
        }
        if (!TrackEndpoints.TryParseTime(from_date, out var fromDate)) return Envelope.Validation("from_date must be an ISO 8601 date or time.");
        if (!TrackEndpoints.TryParseTime(to_date, out var toDate)) return Envelope.Validation("to_date must be an ISO 8601 date or time.");
        // PostgreSQL's text cannot hold U+0000: no stored address or tag has one.
        if (new[] { ("to", to), ("from", from), ("tags", tags) }.FirstOrDefault(f => f.Item2?.Contains('\0', StringComparison.Ordinal) == true).Item1 is { } field)
        {
            return Envelope.Validation($"{field} must not contain the NUL character (U+0000).");
        }
        IReadOnlyList<string> tagFilter = string.IsNullOrWhiteSpace(tags) ? [] : [.. tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var query = new EmailQuery(statusFilter, fromDate, toDate, Blank(to), Blank(from), tagFilter, skip, take);
        var accountId = user.AccountId();
        var page = await store.ListAsync(accountId, query);
        // Each through its grain: the counters are the tracking's, and the grain holds the newest delivery state.
        var emails = await Task.WhenAll(page.Emails.Select(e => grains.GetGrain<IEmailGrain>(e.Id).GetAsync(accountId)));
        var items = emails.OfType<EmailInfo>().Select(e => ToResponse(e, withBody: false)).ToList();
        return Envelope.Ok(new EmailListResponse(items, new EmailPagination(page.Total, take, skip, skip + items.Count < page.Total)));
    }

    private static async Task<Results<Ok<Envelope<EmailResponse>>, JsonHttpResult<ErrorEnvelope>>> GetAsync(long id, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IEmailGrain>(id).GetAsync(user.AccountId()) is { } email
            ? Envelope.Ok(ToResponse(email, withBody: true))
            : Envelope.NotFound("Email");

    private static EmailResponse ToResponse(EmailInfo e, bool withBody) => new(
        e.Id, string.Join(", ", e.Draft.To), e.Draft.Cc, e.Draft.From, e.Draft.Subject, withBody ? e.Draft.Html : null, withBody ? e.Draft.Text : null,
        Name(e.Status), e.Draft.Test, e.Draft.Tags, e.Draft.TrackOpens, e.Draft.TrackClicks, e.Created, e.Draft.ScheduledAt, e.SentAt, e.DeliveredAt, e.OpenedAt,
        e.OpensCount, e.ClicksCount, e.BounceReason, e.TrackingId,
        [.. e.Recipients.Select(r => new EmailRecipientResponse(r.Email, r.Kind, r.RecipientId, r.Token, Name(r.Status), r.SentAt, r.DeliveredAt, r.BounceReason))],
        e.Draft.TemplateId, e.Draft.Variables);

    private static string Name(EmailStatus status) => status.ToString().ToLowerInvariant();

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
