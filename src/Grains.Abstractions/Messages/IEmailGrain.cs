namespace MailTracker.Messages;

/// <summary>A message to send, keyed by its id; the outbox sender reports each recipient's delivery to it.</summary>
[Alias("mt.IEmailGrain")]
public interface IEmailGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Creates the message with its mail tracking and recipients and puts it in the outbox (a test message is marked sent
    /// instead); answered once it is stored. LimitExceeded (with a sentence) past the plan's recipients.
    /// </summary>
    [Alias("Create")]
    Task<Result<EmailInfo>> CreateAsync(long accountId, EmailDraft draft);

    /// <summary>Null when the message does not exist or is another account's.</summary>
    [Alias("Get")]
    Task<EmailInfo?> GetAsync(long accountId);

    /// <summary>
    /// The sender's word before SMTP: of these recipients, the ones whose copy goes out now. None of a cancelled message,
    /// none already answered for (an entry that outlived a crash); a scheduled message stops being cancellable here. The
    /// grain answers one call at a time, so a cancel and a send never both win.
    /// </summary>
    [Alias("BeginSending")]
    Task<IReadOnlyList<string>> BeginSendingAsync(IReadOnlyList<string> recipientTokens);

    /// <summary>Recipients' SMTP steps (a sender's batch): the relay accepted, refused for good, or the retries ran out; one write.</summary>
    [Alias("ReportAll")]
    Task ReportAllAsync(IReadOnlyList<DeliveryReport> reports);

    /// <summary>
    /// Cancels a scheduled message: its status and the removal of its outbox entries are stored together. NotFound for an
    /// unknown message or another account's; Conflict once it is no longer scheduled (sending, sent, cancelled).
    /// </summary>
    [Alias("Cancel")]
    Task<Result<EmailInfo>> CancelAsync(long accountId);
}
