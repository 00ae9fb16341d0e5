namespace MailTracker.Grains.Domains;

public sealed record AccountDomainsState
{
    /// <summary>Normalized domain names in the order they were claimed.</summary>
    public List<string> Domains { get; set; } = [];
}
