using System.Text.Json.Serialization;

namespace MailTracker.Api.Messages;

public sealed record EmailPagination(long Total, int Limit, int Offset, [property: JsonPropertyName("has_more")] bool HasMore);
