namespace MailTracker.RateLimits;

/// <summary>
/// The one owner of an API key's requests per minute, cluster-wide (keyed by the key's id). Silos take its requests in
/// batches and spend them locally, so that an API call seldom waits for this grain.
/// </summary>
[Alias("mt.IApiKeyRateGrain")]
public interface IApiKeyRateGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// A batch of the current minute's requests for one silo: small when the limit is small, never more than the window has
    /// left. The limit is <paramref name="keyLimit"/>, the key's own, or else the plan of <paramref name="accountId"/>.
    /// </summary>
    [Alias("Lease")]
    Task<RateLease> LeaseAsync(long accountId, int? keyLimit);
}
