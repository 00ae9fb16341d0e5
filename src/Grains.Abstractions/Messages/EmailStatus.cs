namespace MailTracker.Messages;

/// <summary>
/// Where a message (or one of its recipients) stands; the API shows the lower-case name. Stored by name, and new ones
/// only ever go at the end.
/// </summary>
public enum EmailStatus
{
    Queued,
    Sent,
    Delivered,
    Bounced,
    Failed,

    /// <summary>Waiting for its <c>scheduled_at</c>; the only state a message can be cancelled in.</summary>
    Scheduled,

    /// <summary>Cancelled before it left: its outbox entries are gone, it never will.</summary>
    Cancelled,
}
