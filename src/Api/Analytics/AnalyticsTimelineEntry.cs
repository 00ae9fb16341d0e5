namespace MailTracker.Api.Analytics;

/// <summary>One point of MailSignal's timeline: the local day, week (its Monday) or month; hits and recipients created.</summary>
public sealed record AnalyticsTimelineEntry(string Date, long Opens, long Clicks, long Tracks, long HumanOpens, long UniqueOpens, long UniqueClicks);
