using Orleans.Concurrency;

namespace MailTracker.Domains;

/// <summary>
/// A sending domain, keyed by <see cref="DomainNames.GrainKey"/> of its normalized name: one grain per domain, so that a
/// domain claimed by one account cannot be claimed by another. It holds the domain's DKIM key pair (the private half
/// encrypted) and the records to publish, and checks them in DNS.
/// </summary>
[Alias("mt.IDomainGrain")]
public interface IDomainGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the domain for the account with a new key pair and verification token; the same account again gets the domain
    /// as it is. <see cref="Outcome.Conflict"/> when another account holds it.
    /// </summary>
    [Alias("Create")]
    Task<Result<DomainInfo>> CreateAsync(long accountId);

    /// <summary>Null when the domain is not the account's.</summary>
    [ReadOnly, Alias("Get")]
    Task<DomainInfo?> GetAsync(long accountId);

    /// <summary>Forgets the domain and its key; false when it was not the account's.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(long accountId);

    /// <summary>Looks the records up in DNS now and keeps what was found; null when the domain is not the account's.</summary>
    [Alias("Verify")]
    Task<DomainInfo?> VerifyAsync(long accountId);

    /// <summary>
    /// The DKIM selector and the decrypted private key to sign the account's messages from this domain with; null unless the
    /// domain is the account's and verified. This is how a sender asks whether a from-address's domain may be used.
    /// </summary>
    [ReadOnly, Alias("GetSigningKey")]
    Task<DomainSigningKey?> GetSigningKeyAsync(long accountId);
}
