using MailTracker.Trackings;

namespace MailTracker.Grains.Reclassification;

/// <summary>A mail tracking's reclassification job: where it is, what it did so far, and what the tracking stores (to judge by).</summary>
public sealed record ReclassificationState
{
    public long AccountId { get; set; }

    /// <summary>The rules the job judges under; null before the first job.</summary>
    public string? RulesVersion { get; set; }

    public bool Running { get; set; }

    public StoredHitCursor Cursor { get; set; } = StoredHitCursor.Start;

    public long Judged { get; set; }

    public long Changed { get; set; }

    public DateTimeOffset Started { get; set; }

    public DateTimeOffset? Finished { get; set; }

    /// <summary>Fixed at the tracking's creation: which of a hit's fields were stored.</summary>
    public PrivacySettings? Privacy { get; set; }
}
