using System.Text.Json.Serialization;

namespace MailTracker.Api.Analytics;

/// <summary>TrackPost's email stats (<c>GET /api/v1/analytics/emails</c>).</summary>
public sealed record EmailAnalyticsResponse(
    EmailTotals Total,
    [property: JsonPropertyName("by_date")] IReadOnlyList<EmailDateEntry> ByDate);
