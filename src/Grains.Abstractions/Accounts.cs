namespace MailTracker.Accounts;

/// <summary>A customer of the service; every entity belongs to exactly one account.</summary>
[GenerateSerializer, Immutable, Alias("mt.Account")]
public sealed record Account(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Plan,
    [property: Id(3)] DateTimeOffset Created);

/// <summary>One account, keyed by its numeric id.</summary>
[Alias("mt.IAccountGrain")]
public interface IAccountGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the account once; a repeat with the same id returns the existing account.</summary>
    [Alias("Create")]
    Task<Account> CreateAsync(string name, string plan);

    /// <summary>The account, or null when it was never created.</summary>
    [Alias("Get")]
    Task<Account?> GetAsync();
}

/// <summary>The cluster-wide list of account ids, for operators (one grain, key 0).</summary>
[Alias("mt.IAccountDirectoryGrain")]
public interface IAccountDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Allocates a new account id and creates the account.</summary>
    [Alias("Create")]
    Task<Account> CreateAccountAsync(string name, string plan);

    [Alias("List")]
    Task<IReadOnlyList<long>> ListAsync();
}
