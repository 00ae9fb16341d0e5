namespace MailTracker.Recipients;

public enum RecipientEvent
{
    Unsubscribed,
    Bounced,
}
