namespace MailTracker.Grains.Classification;

/// <summary>One rule of mail-clients.yaml or devices.yaml as written there: its conditions, the name it gives and its source.</summary>
public sealed class UserAgentRuleEntry
{
    /// <summary>What the rule names; null: "not told".</summary>
    public string? Name { get; set; }

    public string? Agent { get; set; }

    public string? UapFamily { get; set; }

    public string? UapOs { get; set; }

    public string? UapDevice { get; set; }

    public string? Os { get; set; }

    public bool Proxy { get; set; }

    public string? Source { get; set; }
}
