namespace MailTracker.Grains.Analytics;

/// <summary>What a batch adds to one rollup bucket of one mail tracking (a mutable sum, built and written by one commit).</summary>
public sealed class AnalyticsCounts(long accountId)
{
    public long AccountId { get; } = accountId;
    public long Opens { get; set; }
    public long BotOpens { get; set; }
    public long ProxyOpens { get; set; }
    public long Clicks { get; set; }
    public long BotClicks { get; set; }
    public long UniqueOpens { get; set; }
    public long UniqueClicks { get; set; }
    public long Tracks { get; set; }
    public long Bounced { get; set; }
    public long Unsubscribed { get; set; }

    public void Add(AnalyticsCounts other)
    {
        Opens += other.Opens;
        BotOpens += other.BotOpens;
        ProxyOpens += other.ProxyOpens;
        Clicks += other.Clicks;
        BotClicks += other.BotClicks;
        UniqueOpens += other.UniqueOpens;
        UniqueClicks += other.UniqueClicks;
        Tracks += other.Tracks;
        Bounced += other.Bounced;
        Unsubscribed += other.Unsubscribed;
    }
}
