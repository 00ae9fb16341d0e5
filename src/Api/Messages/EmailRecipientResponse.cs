using System.Text.Json.Serialization;

namespace MailTracker.Api.Messages;

/// <summary>One addressee's copy: its recipient (id and token, as in /api/v1/recipients) and its delivery.</summary>
public sealed record EmailRecipientResponse(
    string Email,
    string Kind,
    [property: JsonPropertyName("recipient_id")] long RecipientId,
    string Token,
    string Status,
    [property: JsonPropertyName("sent_at")] DateTimeOffset? SentAt,
    [property: JsonPropertyName("delivered_at")] DateTimeOffset? DeliveredAt,
    [property: JsonPropertyName("bounce_reason")] string? BounceReason);
