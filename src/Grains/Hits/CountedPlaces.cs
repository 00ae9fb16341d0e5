using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The places of a consumption's counted hits, per pixel or link, in log order: what its pages list (<see cref="HitPages"/>).
/// The tailer has them from its read, so the commit sends them instead of having PostgreSQL find the batch's rows again in the
/// tail index and group them (that statement was a third of the group commit's own time per hit, measured). Flat arrays, as
/// the statement takes them: entity <c>i</c>'s places are <c>Xids[Starts[i]-1 .. Stops[i]-1]</c> (PostgreSQL's 1-based slices).
/// </summary>
public sealed class CountedPlaces
{
    private readonly List<short> _kinds = [];
    private readonly List<long> _entities = [];
    private readonly List<int> _starts = [];
    private readonly List<int> _stops = [];
    private readonly List<long> _xids = [];
    private readonly List<long> _seqs = [];
    private int _open;

    /// <summary>Adds the next place of the entity being listed (the hits of one entity one after the other, in log order).</summary>
    public void Add(LogPosition place)
    {
        _xids.Add(place.Xid);
        _seqs.Add(place.Seq);
    }

    /// <summary>Ends the entity whose places were added since the last call; an entity with none gets no page.</summary>
    public void Close(HitKind kind, long entityId)
    {
        if (_xids.Count == _open) return;
        _kinds.Add((short)kind);
        _entities.Add(entityId);
        _starts.Add(_open + 1);
        _stops.Add(_xids.Count);
        _open = _xids.Count;
    }

    public short[] Kinds => [.. _kinds];

    public long[] Entities => [.. _entities];

    public int[] Starts => [.. _starts];

    public int[] Stops => [.. _stops];

    public long[] Xids => [.. _xids];

    public long[] Seqs => [.. _seqs];
}
