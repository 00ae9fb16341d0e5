namespace MailTracker.Accounts;

/// <summary>How many bulk recipient generations an account may make per window (Accounts/Data/plans.json).</summary>
public sealed record BulkGenerationLimit(int Requests, int WindowMinutes)
{
    public TimeSpan Window => TimeSpan.FromMinutes(WindowMinutes);
}
