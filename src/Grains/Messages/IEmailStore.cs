using MailTracker.Messages;

namespace MailTracker.Grains.Messages;

/// <summary>
/// Messages and the durable outbox of their deliveries. Times are the caller's clock: the store compares them and never
/// reads one itself.
/// </summary>
public interface IEmailStore
{
    /// <summary>Stores a new message and, when <paramref name="outboxDue"/> is given, one outbox entry per recipient, in one transaction.</summary>
    Task AddAsync(EmailInfo email, DateTimeOffset? outboxDue, CancellationToken cancellationToken = default);

    Task<EmailInfo?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored message (its status, its recipients' deliveries).</summary>
    Task SaveAsync(EmailInfo email, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored message (cancelled) and removes its outbox entries, in one transaction.</summary>
    Task CancelAsync(EmailInfo email, CancellationToken cancellationToken = default);

    /// <summary>The account's messages, newest first.</summary>
    Task<EmailPage> ListAsync(long accountId, EmailQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The account's live messages created in [<paramref name="from"/>, <paramref name="to"/>) (of one mail tracking's
    /// message when given), summed per UTC quarter hour of their creation (see <see cref="EmailSends"/>), oldest first.
    /// </summary>
    Task<IReadOnlyList<EmailSendSlot>> SendsAsync(long accountId, long? trackingId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> entries due at <paramref name="now"/>, oldest first: each is due again at
    /// <paramref name="leaseUntil"/>, so no other sender takes it meanwhile, and a sender that dies leaves it for another.
    /// A lease counts as an attempt (the entry's <see cref="OutboxEntry.Attempts"/> are the leases before this one), so that
    /// attempts cut short by a crash count too.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> LeaseAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes an entry whose delivery has ended.</summary>
    Task CompleteAsync(long emailId, string recipientToken, CancellationToken cancellationToken = default);

    /// <summary>Removes the entries whose delivery has ended, in one go (a sender's batch).</summary>
    Task CompleteAllAsync(IReadOnlyCollection<OutboxEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Makes an entry whose attempt failed due again at <paramref name="due"/> (its lease counted the attempt).</summary>
    Task RetryAsync(long emailId, string recipientToken, DateTimeOffset due, CancellationToken cancellationToken = default);
}
