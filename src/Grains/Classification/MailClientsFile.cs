namespace MailTracker.Grains.Classification;

/// <summary>mail-clients.yaml: the ordered rules naming a mail client.</summary>
public sealed class MailClientsFile
{
    public List<UserAgentRuleEntry> Clients { get; set; } = [];
}
