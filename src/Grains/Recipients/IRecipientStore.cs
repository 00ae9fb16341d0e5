using MailTracker.Recipients;

namespace MailTracker.Grains.Recipients;

/// <summary>
/// Recipients, in PostgreSQL (<c>mt_recipients</c>) or in memory. Created in bulk; each change (an unsubscribe,
/// a bounce, a counted hit) takes a new place in the update order that the recipients list follows.
/// </summary>
public interface IRecipientStore : IRecipientDirectory
{
    /// <summary>
    /// Inserts the recipients whose emails the tracking does not have yet and returns every requested one,
    /// in request order: an email it had keeps its id and token (a deleted one is restored).
    /// </summary>
    Task<IReadOnlyList<CreatedRecipient>> AddAsync(long trackingId, long accountId, IReadOnlyList<NewRecipient> recipients, CancellationToken cancellationToken = default);

    /// <summary>Null when the token is unknown or the recipient deleted.</summary>
    Task<RecipientInfo?> GetAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>The hit path's facts of those of <paramref name="tokens"/> that are known and not deleted, in one read.</summary>
    Task<IReadOnlyDictionary<string, RecipientFacts>> FactsAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken = default);

    /// <summary>Records an unsubscribe or bounce (keeping the first one's time); null when there is no such recipient.</summary>
    Task<RecipientInfo?> RecordAsync(string token, RecipientEvent what, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Marks every recipient of a deleted mail tracking deleted.</summary>
    Task DeleteTrackingAsync(long trackingId, CancellationToken cancellationToken = default);

    /// <summary>An account's recipients (optionally of one mail tracking) in id order, filtered as MailSignal's tracks are (opened: a human open).</summary>
    Task<RecipientPage> ListAccountAsync(long accountId, long? trackingId, TrackQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The account's recipients that unsubscribed or bounced and changed after <paramref name="after"/>, deleted
    /// ones included, in update order (never skipping a change that commits late).
    /// </summary>
    Task<RecipientPage> UnsubscribedOrBouncedAsync(long accountId, CommitCursor after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The update order's present end: a reader that starts here gets only changes from now on.</summary>
    Task<CommitCursor> UpdatesEndAsync(CancellationToken cancellationToken = default);

    /// <summary>Recipients changed after <paramref name="after"/>, in update order, never skipping a change that commits late.</summary>
    Task<RecipientPage> ListAsync(long trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The account's recipients of all its mail trackings changed after <paramref name="after"/>, by the same rule as <see cref="ListAsync"/>.</summary>
    Task<RecipientPage> ListAllAsync(long accountId, CommitCursor after, int limit, CancellationToken cancellationToken = default);
}
