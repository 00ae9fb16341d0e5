namespace MailTracker.Grains.Idempotency;

/// <summary>
/// The first responses of requests sent with an <c>Idempotency-Key</c>, per account and key. A request reserves its key
/// before it runs (so a concurrent second one sees the reservation), then completes it with its response or releases it.
/// Times are the caller's clock: the store compares them and never reads one itself.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Reserves the key for the request whose fingerprint is <paramref name="requestHash"/>, unless an entry that has not expired
    /// at <paramref name="now"/> holds it: then says whether that entry is this request's stored response, still running, or
    /// another request's. A reservation expires at <paramref name="pendingUntil"/> unless completed (a silo that died mid-request).
    /// </summary>
    Task<IdempotencyClaim> ReserveAsync(long accountId, string key, byte[] requestHash, DateTimeOffset now, DateTimeOffset pendingUntil, CancellationToken cancellationToken = default);

    /// <summary>Stores the response of the reservation until <paramref name="expiresAt"/>; nothing when the reservation is no longer the key's.</summary>
    Task CompleteAsync(long accountId, string key, Guid reservation, StoredResponse response, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Frees the key of the reservation (its response is not kept), so that the next request with it runs.</summary>
    Task ReleaseAsync(long accountId, string key, Guid reservation, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries expired at <paramref name="now"/>; returns how many.</summary>
    Task<long> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
