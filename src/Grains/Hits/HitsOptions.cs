namespace MailTracker.Grains.Hits;

/// <summary>The hit path's settings (section <c>MailTracker:Hits</c>).</summary>
public sealed class HitsOptions
{
    public const string Section = "MailTracker:Hits";

    /// <summary>
    /// Entries each of the silo's hit caches (token facts, token images, recipients, blacklists) holds at most: about 250 bytes
    /// each, so 100,000 is some 25 MB per cache, whatever the number of tokens hit. A token not cached is loaded again (a grain
    /// call, or for a recipient a share of a batched read).
    /// </summary>
    public int TokenCacheSize { get; set; } = 100_000;
}
