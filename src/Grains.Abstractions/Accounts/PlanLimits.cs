namespace MailTracker.Accounts;

/// <summary>What one plan allows (Accounts/Data/plans.json).</summary>
public sealed record PlanLimits(int RequestsPerMinute, int MailTrackingsPerDay, int RecipientsPerMonth);
