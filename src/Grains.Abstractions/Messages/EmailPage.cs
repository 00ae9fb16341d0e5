namespace MailTracker.Messages;

public sealed record EmailPage(IReadOnlyList<EmailInfo> Emails, long Total);
