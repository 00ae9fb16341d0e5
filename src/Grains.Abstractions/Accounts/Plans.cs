using System.Text.Json;

namespace MailTracker.Accounts;

/// <summary>The account plans and what each allows: rate limits and quotas, read once from Accounts/Data/plans.json (with its sources).</summary>
public static class Plans
{
    private static readonly PlanTable Table = Load();

    /// <summary>Every plan's name, cheapest first.</summary>
    public static IReadOnlyCollection<string> Names => Table.Plans.Keys;

    public static string Default => Table.Default;

    /// <summary>Bulk recipient generations per account, the same for every plan.</summary>
    public static BulkGenerationLimit BulkGenerations => Table.BulkGenerations;

    public static bool IsKnown(string plan) => Table.Plans.ContainsKey(plan);

    /// <summary>The limits of a plan; an unknown name (none is stored) gets the default plan's.</summary>
    public static PlanLimits Of(string plan) => Table.Plans.GetValueOrDefault(plan) ?? Table.Plans[Table.Default];

    private static PlanTable Load()
    {
        using var stream = typeof(Plans).Assembly.GetManifestResourceStream("MailTracker.Accounts.plans.json")
            ?? throw new InvalidOperationException("The plan table (Accounts/Data/plans.json) is not embedded.");
        var table = JsonSerializer.Deserialize<PlanTable>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("The plan table is empty.");
        // Keep the file's order (cheapest first) but compare names exactly.
        return table with { Plans = new Dictionary<string, PlanLimits>(table.Plans, StringComparer.Ordinal) };
    }
}
