using System.Text.Json.Serialization;

namespace MailTracker.Api.Trackings;

public sealed record MailTrackingListResponse(
    IReadOnlyList<MailTrackingResponse> MailTrackings,
    [property: JsonPropertyName("_links")] PageLinks Links);
