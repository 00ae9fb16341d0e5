namespace MailTracker;

/// <summary>
/// A point in a commit order (the recipients list, the event feeds): rows are read in (Xid, Seq) order, only
/// below the reading snapshot's xmin, so a row that commits late is never skipped.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.CommitCursor")]
public readonly record struct CommitCursor([property: Id(0)] long Xid, [property: Id(1)] long Seq)
{
    public static readonly CommitCursor Start = new(0, 0);
}
