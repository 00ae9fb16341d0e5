namespace MailTracker.Accounts;

/// <summary>The account plans and their per-key request limits per minute.</summary>
public static class Plans
{
    public static readonly IReadOnlyDictionary<string, int> RequestsPerMinute = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["free"] = 60,
        ["indie"] = 120,
        ["startup"] = 300,
        ["growth"] = 600,
        ["enterprise"] = 1200,
    };

    public const string Default = "free";

    public static bool IsKnown(string plan) => RequestsPerMinute.ContainsKey(plan);
}
