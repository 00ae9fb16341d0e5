using MailTracker.Accounts;

namespace MailTracker.Grains.Accounts;

public sealed record AccountState
{
    public Account? Account { get; set; }

    /// <summary>Salt of the account's IP hashes (uniqueness, location hash): stable per account, never shown.</summary>
    public byte[] IpSalt { get; set; } = [];

    public List<ApiKeyRecord> ApiKeys { get; set; } = [];

    /// <summary>Mail tracking ids in creation order (the list endpoint's order).</summary>
    public List<long> MailTrackingIds { get; set; } = [];

    public List<string> Blacklist { get; set; } = [];

    public List<long> WebhookIds { get; set; } = [];

    /// <summary>Templates in creation order (the list endpoint's order), each with its position in it.</summary>
    public List<ListedTemplate> Templates { get; set; } = [];

    /// <summary>Templates ever created: the position of the latest.</summary>
    public long TemplatesCreated { get; set; }

    /// <summary>The plan quotas used so far, saved with the work they count (a tracking and its count in one write).</summary>
    public QuotaUsage Usage { get; set; } = new();

    /// <summary>MailSignal campaigns: name to the mail tracking that holds their tracks.</summary>
    public Dictionary<string, long> Campaigns { get; set; } = new(StringComparer.Ordinal);
}
