namespace MailTracker.Api.Analytics;

/// <summary>
/// TrackPost's email totals: until MailTracker sends mail itself, every recipient counts as sent, and delivered as sent less
/// bounced; complained is 0 (no feedback loop yet); opened and clicked count recipients whose first human open (click) fell in
/// the period.
/// </summary>
public sealed record EmailTotals(long Sent, long Delivered, long Bounced, long Complained, long Opened, long Clicked);
