namespace MailTracker.RateLimits;

/// <summary>An account's bulk recipient generations per window (Plans.BulkGenerations), cluster-wide; keyed by the account id.</summary>
[Alias("mt.IBulkGenerationGrain")]
public interface IBulkGenerationGrain : IGrainWithIntegerKey
{
    /// <summary>One generation: <see cref="RateLease.Granted"/> is 1 when the window has room, else 0.</summary>
    [Alias("Acquire")]
    Task<RateLease> AcquireAsync();
}
