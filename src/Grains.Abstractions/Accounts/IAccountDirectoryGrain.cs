namespace MailTracker.Accounts;

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
