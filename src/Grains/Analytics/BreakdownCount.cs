namespace MailTracker.Grains.Analytics;

/// <summary>What a batch adds to one breakdown row.</summary>
public sealed class BreakdownCount(long accountId)
{
    public long AccountId { get; } = accountId;

    public long Opens { get; set; }
}
