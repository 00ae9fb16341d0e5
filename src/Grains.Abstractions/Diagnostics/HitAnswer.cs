namespace MailTracker.Diagnostics;

/// <summary>What became of a hit once its endpoint decided the response (the <c>result</c> tag of <c>mailtracker.hits.answered</c>).</summary>
public enum HitAnswer
{
    /// <summary>Written to the log, resolved or not yet resolved.</summary>
    Recorded,

    /// <summary>No such pixel or link (unknown, deleted or of the other kind): answered, nothing recorded.</summary>
    UnknownToken,

    /// <summary>Not recorded because of an error, or because a link's token grain did not answer in time (a 503).</summary>
    Failed,
}
