using System.Text.Json.Serialization;

namespace MailTracker.Api.Messages;

/// <summary>TrackPost's message (<c>to</c> as one address list string), plus its mail tracking and each recipient's delivery.</summary>
public sealed record EmailResponse(
    long Id,
    string To,
    IReadOnlyList<string> Cc,
    string From,
    string Subject,
    string? Html,
    string? Text,
    string Status,
    bool Test,
    IReadOnlyList<string> Tags,
    [property: JsonPropertyName("track_opens")] bool TrackOpens,
    [property: JsonPropertyName("track_clicks")] bool TrackClicks,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("scheduled_at")] DateTimeOffset? ScheduledAt,
    [property: JsonPropertyName("sent_at")] DateTimeOffset? SentAt,
    [property: JsonPropertyName("delivered_at")] DateTimeOffset? DeliveredAt,
    [property: JsonPropertyName("opened_at")] DateTimeOffset? OpenedAt,
    [property: JsonPropertyName("opens_count")] long OpensCount,
    [property: JsonPropertyName("clicks_count")] long ClicksCount,
    [property: JsonPropertyName("bounce_reason")] string? BounceReason,
    [property: JsonPropertyName("mail_tracking_id")] long MailTrackingId,
    IReadOnlyList<EmailRecipientResponse> Recipients,
    [property: JsonPropertyName("template_id")] string? TemplateId = null,
    IReadOnlyDictionary<string, string>? Variables = null);
