namespace MailTracker.Grains.Accounts;

/// <summary>What an account has used of its plan's quotas: mail trackings in one UTC day, recipients in one UTC month.</summary>
public sealed record QuotaUsage
{
    /// <summary>The UTC day <see cref="MailTrackings"/> counts.</summary>
    public DateOnly Day { get; set; }

    public int MailTrackings { get; set; }

    /// <summary>The first day of the UTC month <see cref="Recipients"/> counts.</summary>
    public DateOnly Month { get; set; }

    public long Recipients { get; set; }
}
