using System.Text.Json.Serialization;
using MailTracker.Api.Trackings;

namespace MailTracker.Api.Recipients;

public sealed record RecipientListResponse(
    IReadOnlyList<RecipientResponse> Recipients,
    [property: JsonPropertyName("_links")] PageLinks Links);
