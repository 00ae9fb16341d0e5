namespace MailTracker.Analytics;

/// <summary>An account's analytics (keyed by the account id): reports read from the rollups, never from the hits.</summary>
[Alias("mt.IAnalyticsGrain")]
public interface IAnalyticsGrain : IGrainWithIntegerKey
{
    /// <summary>The report; null when the query's mail tracking or campaign is not the account's (or does not exist).</summary>
    [Alias("Get")]
    Task<AnalyticsReport?> GetAsync(AnalyticsQuery query);

    /// <summary>
    /// TrackPost's email stats of the period, every point of it (a campaign's tracking, owned by no message, has none sent);
    /// null as <see cref="GetAsync"/>.
    /// </summary>
    [Alias("GetEmails")]
    Task<IReadOnlyList<EmailSendPoint>?> GetEmailsAsync(AnalyticsQuery query);
}
