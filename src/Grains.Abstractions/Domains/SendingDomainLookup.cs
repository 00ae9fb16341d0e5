namespace MailTracker.Domains;

public static class SendingDomainLookup
{
    /// <summary>
    /// The signing key of a from-address's domain when that domain is a verified sending domain of the account; null
    /// otherwise (no domain of the account, not verified yet, or no address at all): what <c>domain_not_verified</c> answers.
    /// </summary>
    public static Task<DomainSigningKey?> SigningKeyForAsync(this IGrainFactory grains, long accountId, string fromAddress) =>
        DomainNames.OfAddress(fromAddress) is { } domain
            ? grains.GetGrain<IDomainGrain>(DomainNames.GrainKey(domain)).GetSigningKeyAsync(accountId)
            : Task.FromResult<DomainSigningKey?>(null);
}
