using MailTracker.Analytics;

namespace MailTracker.Api.Analytics;

/// <summary>
/// MailSignal's analytics (<c>GET /api/v1/analytics</c>): the period it covers, the summary, the human opens by email client,
/// device, operating system and country, by local hour (<c>timeOfDay</c>, 24 counts), and the timeline.
/// </summary>
public sealed record AnalyticsResponse(
    string Period,
    DateTimeOffset From,
    DateTimeOffset To,
    string Timezone,
    string GroupBy,
    long? MailTrackingId,
    string? Campaign,
    AnalyticsSummary Summary,
    IReadOnlyDictionary<string, long> EmailClients,
    IReadOnlyDictionary<string, long> Devices,
    IReadOnlyDictionary<string, long> OperatingSystems,
    IReadOnlyDictionary<string, long> Countries,
    IReadOnlyList<long> TimeOfDay,
    IReadOnlyList<AnalyticsTimelineEntry> Timeline);
