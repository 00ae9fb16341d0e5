namespace MailTracker.Grains.Classification;

/// <summary>The operator's additions to the shipped classification rules (section <c>MailTracker:Classification</c>).</summary>
public sealed class ClassificationOptions
{
    public const string Section = "MailTracker:Classification";

    /// <summary>A rules file of the shipped file's shape whose rules are tried before the shipped ones.</summary>
    public string? RulesFile { get; set; }

    /// <summary>A refreshed copy of Apple's iCloud Private Relay egress list (https://mask-api.icloud.com/egress-ip-ranges.csv).</summary>
    public string? AppleEgressFile { get; set; }
}
