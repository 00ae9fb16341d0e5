using System.Text.Json.Serialization;
using MailTracker.Api.Http;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Api.Trackings;

public sealed record MailTrackingListResponse(
    IReadOnlyList<MailTrackingResponse> MailTrackings,
    [property: JsonPropertyName("_links")] PageLinks Links);
