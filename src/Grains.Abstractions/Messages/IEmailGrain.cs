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

    /// <summary>The SMTP step for one recipient: the relay accepted, refused for good, or the retries ran out.</summary>
    [Alias("Report")]
    Task ReportAsync(DeliveryReport report);

    /// <summary>Several recipients' SMTP steps at once (a sender's batch), stored in one write.</summary>
    [Alias("ReportAll")]
    Task ReportAllAsync(IReadOnlyList<DeliveryReport> reports);
}
