namespace MailTracker.Grains.Classification;

/// <summary>uap-core's regexes.yaml: three ordered lists of regexes, the first match of each list wins.</summary>
public sealed class UapCoreFile
{
    public List<UapCoreEntry> UserAgentParsers { get; set; } = [];

    public List<UapCoreEntry> OsParsers { get; set; } = [];

    public List<UapCoreEntry> DeviceParsers { get; set; } = [];
}
