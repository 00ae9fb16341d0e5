namespace MailTracker;

/// <summary>Names of the Orleans grain storage providers, in one place.</summary>
public static class StorageNames
{
    /// <summary>Durable state of every MailTracker grain.</summary>
    public const string Default = "mailtracker";

    /// <summary>The name Orleans' stream pub/sub requires for its own subscription state.</summary>
    public const string PubSub = "PubSubStore";
}

/// <summary>Names of the Orleans stream providers and namespaces, in one place.</summary>
public static class StreamNames
{
    public const string Provider = "hits";
}
