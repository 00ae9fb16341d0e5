namespace MailTracker;

/// <summary>Names of the Orleans grain storage providers, in one place.</summary>
public static class StorageNames
{
    /// <summary>Durable state of every MailTracker grain.</summary>
    public const string Default = "mailtracker";
}
