namespace MailTracker.Recipients;

/// <summary>
/// A per-recipient token, keyed by the token itself (a safe string key, 'r' prefix). Its row is created in
/// bulk with the others of its request; the grain reads it when it activates.
/// </summary>
[Alias("mt.IRecipientGrain")]
public interface IRecipientGrain : IGrainWithStringKey
{
    /// <summary>Null when the token is unknown or the recipient was deleted.</summary>
    [Alias("GetFacts")]
    Task<RecipientFacts?> GetFactsAsync();

    [Alias("Get")]
    Task<RecipientInfo?> GetAsync(long accountId);

    /// <summary>Records an unsubscribe or a bounce (the first one's time is kept).</summary>
    [Alias("Record")]
    Task<RecipientInfo?> RecordAsync(long accountId, RecipientEvent what);

    /// <summary>
    /// Removes the recipient; its events and the tracking's counts stay. Null when there was none. Answered once
    /// no silo attributes hits to its token any more.
    /// </summary>
    [Alias("Delete")]
    Task<RecipientInfo?> DeleteAsync(long accountId);

    /// <summary>The recipient's counted opens, oldest first (at most 1000); null when it is not the account's.</summary>
    [Alias("GetOpens")]
    Task<IReadOnlyList<RecipientOpen>?> GetOpensAsync(long accountId);
}
