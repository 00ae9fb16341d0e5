namespace MailTracker.Grains.Hits;

/// <summary>A point in one partition of the hit log: rows are read in (Xid, Seq) order.</summary>
public readonly record struct LogPosition(long Xid, long Seq) : IComparable<LogPosition>
{
    public static readonly LogPosition Start = new(0, 0);

    public int CompareTo(LogPosition other) => (Xid, Seq).CompareTo((other.Xid, other.Seq));
}
