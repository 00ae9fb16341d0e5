using System.Text.Json.Serialization;

namespace MailTracker.Api.Recipients;

/// <summary>One open or click of a feed (Procurios' raw event). <c>location</c> is a salted hash of the IP.</summary>
public sealed record EventResponse(
    Guid Id,
    string? Recipient,
    long MailTrackingId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? PixelId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? LinkId,
    DateTimeOffset? Date,
    string? Location,
    bool Bot,
    string? BotReason,
    string? Proxy);
