using MailTracker.Accounts;
using MailTracker.Analytics;
using MailTracker.Grains.Messages;
using MailTracker.Trackings;
using Orleans.Concurrency;

namespace MailTracker.Grains.Analytics;

/// <summary>
/// An account's analytics: resolves the campaign or checks the mail tracking is the account's, then reads the rollups (or,
/// for TrackPost's email stats, the messages' sends).
/// </summary>
[StatelessWorker]
public sealed class AnalyticsGrain(IAnalyticsStore store, IEmailStore emails) : Grain, IAnalyticsGrain
{
    private long AccountId => this.GetPrimaryKeyLong();

    public async Task<AnalyticsReport?> GetAsync(AnalyticsQuery query) =>
        await ScopeAsync(query) is { Found: true } scope ? await store.ReportAsync(AccountId, scope.TrackingId, query) : null;

    public async Task<IReadOnlyList<EmailSendPoint>?> GetEmailsAsync(AnalyticsQuery query)
    {
        if (await ScopeAsync(query) is not { Found: true } scope) return null;
        var slots = await emails.SendsAsync(AccountId, scope.TrackingId, query.From, query.To);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(query.TimeZone);
        var points = new SortedDictionary<DateOnly, EmailSendPoint>();
        foreach (var point in AnalyticsPoints.Of(query, zone)) points[point] = new EmailSendPoint(AnalyticsPoints.Label(point, query.GroupBy), 0, 0, 0, 0, 0);
        foreach (var slot in slots)
        {
            var point = AnalyticsPoints.Of(slot.Start, zone, query.GroupBy);
            var sum = points.GetValueOrDefault(point) ?? new EmailSendPoint(AnalyticsPoints.Label(point, query.GroupBy), 0, 0, 0, 0, 0);
            points[point] = sum with
            {
                Sent = sum.Sent + slot.Sent, Delivered = sum.Delivered + slot.Delivered, Bounced = sum.Bounced + slot.Bounced,
                Opened = sum.Opened + slot.Opened, Clicked = sum.Clicked + slot.Clicked,
            };
        }
        return [.. points.Values];
    }

    /// <summary>The query's mail tracking (a campaign's, or none: the whole account), if it is the account's.</summary>
    private async Task<(bool Found, long? TrackingId)> ScopeAsync(AnalyticsQuery query)
    {
        var trackingId = query.TrackingId;
        if (query.Campaign is { } campaign)
        {
            trackingId = await GrainFactory.GetGrain<IAccountGrain>(AccountId).GetCampaignAsync(campaign, create: false);
            if (trackingId is null) return (false, null);
        }
        if (trackingId is { } id && await GrainFactory.GetGrain<IMailTrackingGrain>(id).GetSettingsAsync(AccountId) is null) return (false, null);
        return (true, trackingId);
    }
}
