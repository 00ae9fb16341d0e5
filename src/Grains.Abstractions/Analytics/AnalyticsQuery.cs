namespace MailTracker.Analytics;

/// <summary>
/// What an analytics report covers: one mail tracking, one campaign (MailSignal's, a mail tracking by name) or, with
/// neither, every mail tracking of the account; the hits and recipients made in [<see cref="From"/>, <see cref="To"/>).
/// </summary>
/// <param name="TimeZone">An IANA time zone id: days, weeks, months and the hours of <c>timeOfDay</c> are local to it.</param>
[GenerateSerializer, Immutable, Alias("mt.AnalyticsQuery")]
public sealed record AnalyticsQuery(
    [property: Id(0)] long? TrackingId,
    [property: Id(1)] string? Campaign,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset To,
    [property: Id(4)] AnalyticsGrouping GroupBy,
    [property: Id(5)] string TimeZone);
