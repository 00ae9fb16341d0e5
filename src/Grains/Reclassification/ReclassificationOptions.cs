namespace MailTracker.Grains.Reclassification;

/// <summary>How reclassification jobs work through stored hits (section <c>MailTracker:Reclassification</c>).</summary>
public sealed class ReclassificationOptions
{
    public const string Section = "MailTracker:Reclassification";

    /// <summary>Hits judged and applied per transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The pause between batches: a job takes its share of the database, never all of it.</summary>
    public TimeSpan Pause { get; set; } = TimeSpan.FromMilliseconds(50);
}
