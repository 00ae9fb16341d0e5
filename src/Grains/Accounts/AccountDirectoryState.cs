namespace MailTracker.Grains.Accounts;

public sealed record AccountDirectoryState
{
    public List<long> AccountIds { get; set; } = [];
}
