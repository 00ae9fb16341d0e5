namespace MailTracker.Accounts;

/// <summary>The shape of Accounts/Data/plans.json.</summary>
internal sealed record PlanTable(BulkGenerationLimit BulkGenerations, string Default, Dictionary<string, PlanLimits> Plans);
