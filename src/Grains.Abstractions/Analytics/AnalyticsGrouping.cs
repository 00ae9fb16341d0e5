namespace MailTracker.Analytics;

/// <summary>How an analytics timeline groups its points: by day, by ISO week (starting Monday) or by month, in the query's time zone.</summary>
public enum AnalyticsGrouping
{
    Day,
    Week,
    Month,
}
