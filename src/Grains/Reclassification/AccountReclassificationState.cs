namespace MailTracker.Grains.Reclassification;

/// <summary>An account's reclassification: which mail trackings' jobs it started, under which rules.</summary>
public sealed record AccountReclassificationState
{
    public string? RulesVersion { get; set; }

    public DateTimeOffset Started { get; set; }

    public List<long> MailTrackingIds { get; set; } = [];
}
