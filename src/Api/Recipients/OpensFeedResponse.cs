using System.Text.Json.Serialization;
using MailTracker.Api.Trackings;

namespace MailTracker.Api.Recipients;

public sealed record OpensFeedResponse(IReadOnlyList<EventResponse> Opens, [property: JsonPropertyName("_links")] PageLinks Links);
