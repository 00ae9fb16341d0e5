namespace MailTracker.Reclassification;

/// <summary>The operator's reclassification of every mail tracking of an account, keyed by the account's id.</summary>
[Alias("mt.IAccountReclassificationGrain")]
public interface IAccountReclassificationGrain : IGrainWithIntegerKey
{
    /// <summary>Starts (or returns, as <see cref="IReclassificationGrain.StartAsync"/>) a job for every mail tracking; null when the account does not exist.</summary>
    [Alias("Start")]
    Task<AccountReclassificationProgress?> StartAsync();

    /// <summary>Null when no job ever started for this account.</summary>
    [Alias("Get")]
    Task<AccountReclassificationProgress?> GetAsync();
}
