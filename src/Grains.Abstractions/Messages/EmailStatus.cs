namespace MailTracker.Messages;

/// <summary>Where a message (or one of its recipients) stands; the API shows the lower-case name.</summary>
public enum EmailStatus
{
    Queued,
    Sent,
    Delivered,
    Bounced,
    Failed,
}
