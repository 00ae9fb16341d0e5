namespace MailTracker.Api.Analytics;

/// <summary>
/// TrackPost's email totals of the live messages created in the period, counted per recipient copy: sent (handed to the relay),
/// delivered (accepted), bounced (refused for good); complained is 0 (no feedback loop yet); opened and clicked count the
/// recipients of those messages a person opened (clicked) so far.
/// </summary>
public sealed record EmailTotals(long Sent, long Delivered, long Bounced, long Complained, long Opened, long Clicked);
