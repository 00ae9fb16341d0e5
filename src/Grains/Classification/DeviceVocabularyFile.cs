namespace MailTracker.Grains.Classification;

/// <summary>devices.yaml: the ordered rules naming the operating system and the device.</summary>
public sealed class DeviceVocabularyFile
{
    public List<UserAgentRuleEntry> Os { get; set; } = [];

    public List<UserAgentRuleEntry> Devices { get; set; } = [];
}
