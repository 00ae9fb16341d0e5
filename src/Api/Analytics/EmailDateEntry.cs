namespace MailTracker.Api.Analytics;

/// <summary>One point of TrackPost's <c>by_date</c>: the local day, week (its Monday) or month.</summary>
public sealed record EmailDateEntry(string Date, long Sent, long Delivered, long Bounced, long Opened, long Clicked);
