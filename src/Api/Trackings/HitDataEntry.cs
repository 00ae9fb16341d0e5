using System.Text.Json.Serialization;

namespace MailTracker.Api.Trackings;

public sealed record HitDataEntry(
    long? Date,
    string? IpAddress,
    string? UserAgent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomData,
    long? Recipient,
    bool Bot,
    string? BotReason,
    string? Proxy,
    string? EmailClient,
    string? Device,
    string? Os,
    string? Country,
    string? City);
