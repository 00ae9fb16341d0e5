namespace MailTracker.Hits;

public static class HitPartitions
{
    /// <summary>Fixed: changing it would move entities between partitions and their positions.</summary>
    public const int Count = 8;

    public static int Of(long entityId) => (int)((ulong)entityId % Count);
}
