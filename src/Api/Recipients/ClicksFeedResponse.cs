using System.Text.Json.Serialization;
using MailTracker.Api.Trackings;

namespace MailTracker.Api.Recipients;

public sealed record ClicksFeedResponse(IReadOnlyList<EventResponse> Clicks, [property: JsonPropertyName("_links")] PageLinks Links);
