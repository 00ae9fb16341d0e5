using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>The embedded default's log: one process, so an append is "committed" once it is in the list.</summary>
public sealed class InMemoryHitLog(IHitCommitSignal signal) : IHitLog
{
    private readonly List<Hit>[] _partitions = Enumerable.Range(0, HitPartitions.Count).Select(_ => new List<Hit>()).ToArray();

    public Task AppendAsync(Hit hit, CancellationToken cancellationToken = default)
    {
        var partition = _partitions[hit.Partition];
        lock (partition) partition.Add(hit);
        signal.Committed([hit.Partition]);
        return Task.CompletedTask;
    }

    public Task<HitLogBatch> ReadAsync(int partition, LogPosition after, int limit, CancellationToken cancellationToken = default)
    {
        var list = _partitions[partition];
        lock (list)
        {
            // Position = number of rows consumed; Seq mirrors it so positions look alike in both stores.
            var start = (int)after.Seq;
            var hits = list.Skip(start).Take(limit).ToList();
            var next = start + hits.Count;
            return Task.FromResult(new HitLogBatch(hits, new LogPosition(next, next)));
        }
    }
}

public sealed class InMemoryHitDataStore : IHitDataStore
{
    private readonly Dictionary<(HitKind, long), List<Hit>> _rows = [];
    private readonly HashSet<Guid> _ids = [];
    private readonly Lock _gate = new();

    public Task<HitCounts> AddAsync(HitKind kind, long entityId, IReadOnlyList<Hit> hits, CancellationToken cancellationToken = default)
    {
        var added = default(HitCounts);
        lock (_gate)
        {
            var rows = Rows(kind, entityId);
            foreach (var hit in hits)
            {
                if (!_ids.Add(hit.HitId)) continue;
                rows.Add(hit);
                added += new HitCounts(1, hit.Bot ? 1 : 0);
            }
        }
        return Task.FromResult(added);
    }

    public Task<HitCounts> CountAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = Rows(kind, entityId);
            return Task.FromResult(new HitCounts(rows.Count, rows.Count(h => h.Bot)));
        }
    }

    public Task<IReadOnlyList<Hit>> PageAsync(HitKind kind, long entityId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = Rows(kind, entityId);
            IReadOnlyList<Hit> page = rows.AsEnumerable().Reverse().Skip(offset).Take(limit).ToList();
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyCollection<string>> IpHashesAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyCollection<string> hashes = Rows(kind, entityId).Select(h => h.IpHash).OfType<string>().ToHashSet();
            return Task.FromResult(hashes);
        }
    }

    public Task DeleteAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_rows.Remove((kind, entityId), out var rows))
            {
                foreach (var hit in rows) _ids.Remove(hit.HitId);
            }
        }
        return Task.CompletedTask;
    }

    private List<Hit> Rows(HitKind kind, long entityId)
    {
        if (!_rows.TryGetValue((kind, entityId), out var rows)) _rows[(kind, entityId)] = rows = [];
        return rows;
    }
}
