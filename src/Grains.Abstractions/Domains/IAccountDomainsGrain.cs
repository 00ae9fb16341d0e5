namespace MailTracker.Domains;

/// <summary>The names of one account's sending domains (keyed by the account id), kept by the domain grains themselves.</summary>
[Alias("mt.IAccountDomainsGrain")]
public interface IAccountDomainsGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>Called by a domain grain as the account claims it. This grain calls no domain grain, so the two never wait on each other.</summary>
    [Alias("Add")]
    Task AddAsync(string domain);

    [Alias("Remove")]
    Task RemoveAsync(string domain);
}
