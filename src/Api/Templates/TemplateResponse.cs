using System.Text.Json.Serialization;

namespace MailTracker.Api.Templates;

/// <summary>A template as TrackPost shows it, with the variables its sources use (each once, in order of first use).</summary>
public sealed record TemplateResponse(
    long Id,
    string Name,
    string Subject,
    string? Html,
    string? Text,
    IReadOnlyList<string> Variables,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);
