namespace MailTracker.Diagnostics;

/// <summary>What a look-up of a group commit whose answer was lost found (the <c>outcome</c> tag of <c>mailtracker.hits.lost_commit.lookups</c>).</summary>
public enum LostCommitOutcome
{
    Committed,
    Aborted,

    /// <summary>The look-up itself failed: the commit's fate is still open.</summary>
    Unknown,
}
