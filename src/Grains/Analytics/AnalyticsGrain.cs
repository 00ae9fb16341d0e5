using MailTracker.Accounts;
using MailTracker.Analytics;
using MailTracker.Trackings;
using Orleans.Concurrency;

namespace MailTracker.Grains.Analytics;

/// <summary>An account's analytics: resolves the campaign or checks the mail tracking is the account's, then reads the rollups.</summary>
[StatelessWorker]
public sealed class AnalyticsGrain(IAnalyticsStore store) : Grain, IAnalyticsGrain
{
    private long AccountId => this.GetPrimaryKeyLong();

    public async Task<AnalyticsReport?> GetAsync(AnalyticsQuery query)
    {
        var trackingId = query.TrackingId;
        if (query.Campaign is { } campaign)
        {
            trackingId = await GrainFactory.GetGrain<IAccountGrain>(AccountId).GetCampaignAsync(campaign, create: false);
            if (trackingId is null) return null;
        }
        if (trackingId is { } id && await GrainFactory.GetGrain<IMailTrackingGrain>(id).GetSettingsAsync(AccountId) is null) return null;
        return await store.ReportAsync(AccountId, trackingId, query);
    }
}
