namespace MailTracker.Recipients;

/// <summary>
/// Reads recipients straight from storage where no grain should: exports of any size (streamed, so no grain
/// holds them) and finding a recipient's token, which keys its grain, by its id.
/// </summary>
public interface IRecipientDirectory
{
    /// <summary>Ownership is the caller's to check first.</summary>
    IAsyncEnumerable<RecipientCsvRow> ExportAsync(long trackingId, CancellationToken cancellationToken = default);

    /// <summary>The token of a recipient that exists (not deleted); ownership is its grain's to check.</summary>
    Task<string?> FindTokenAsync(long id, CancellationToken cancellationToken = default);
}
