namespace MailTracker.Reclassification;

/// <summary>The job that judges a mail tracking's stored hits again under the current rules, keyed by the tracking's id.</summary>
[Alias("mt.IReclassificationGrain")]
public interface IReclassificationGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Starts the job, or returns the one running, or the one done under the current rules (a no-op); null when the tracking does not
    /// exist or is another account's.
    /// </summary>
    [Alias("Start")]
    Task<ReclassificationProgress?> StartAsync(long accountId);

    /// <summary>Null when no job ever started for this tracking of this account.</summary>
    [Alias("Get")]
    Task<ReclassificationProgress?> GetAsync(long accountId);
}
