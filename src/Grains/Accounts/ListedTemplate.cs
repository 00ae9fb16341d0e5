namespace MailTracker.Grains.Accounts;

/// <summary>A template on its account's list; <see cref="Position"/> only grows, so a list cursor survives the deletion of the template it names.</summary>
public sealed record ListedTemplate(long Position, long Id);
