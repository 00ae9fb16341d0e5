namespace MailTracker.Grains.Recipients;

/// <summary>Unicode-insensitive enough: emails compare by their trimmed, lower-cased form.</summary>
public static class RecipientEmails
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
