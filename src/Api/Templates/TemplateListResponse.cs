using System.Text.Json.Serialization;
using MailTracker.Api.Trackings;

namespace MailTracker.Api.Templates;

public sealed record TemplateListResponse(
    IReadOnlyList<TemplateResponse> Templates,
    [property: JsonPropertyName("_links")] PageLinks Links);
