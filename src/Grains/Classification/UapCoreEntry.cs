namespace MailTracker.Grains.Classification;

/// <summary>One item of a uap-core parser list as regexes.yaml writes it (the version replacements are not used here).</summary>
public sealed class UapCoreEntry
{
    public string Regex { get; set; } = "";

    /// <summary>'i' for a case-insensitive regex.</summary>
    public string? RegexFlag { get; set; }

    public string? FamilyReplacement { get; set; }

    public string? OsReplacement { get; set; }

    public string? DeviceReplacement { get; set; }

    public string? BrandReplacement { get; set; }

    public string? ModelReplacement { get; set; }
}
