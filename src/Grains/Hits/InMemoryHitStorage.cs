using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>The embedded default's log: one process, so an append is "committed" once it is in the list.</summary>
public sealed class InMemoryHitLog(IHitCommitSignal signal) : IHitLog
{
    // Positions count the rows ever appended to a partition, so trimming keeps how many were dropped.
    private readonly int[] _trimmed = new int[HitPartitions.Count];

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
            var hits = list.Skip(start - _trimmed[partition]).Take(limit).ToList();
            var next = start + hits.Count;
            return Task.FromResult(new HitLogBatch(hits, new LogPosition(next, next)));
        }
    }

    public Task TrimAsync(int partition, LogPosition consumed, CancellationToken cancellationToken = default)
    {
        var list = _partitions[partition];
        lock (list)
        {
            var drop = Math.Min(list.Count, (int)consumed.Seq - _trimmed[partition]);
            if (drop > 0)
            {
                list.RemoveRange(0, drop);
                _trimmed[partition] += drop;
            }
        }
        return Task.CompletedTask;
    }
}

public sealed class InMemoryHitDataStore : IHitDataStore
{
    private readonly Dictionary<(HitKind, long), List<Hit>> _rows = [];
    private readonly Dictionary<(HitKind, long), HitCounts> _counts = [];
    private readonly Dictionary<int, LogPosition> _positions = [];
    private readonly HashSet<Guid> _ids = [];
    private readonly Lock _gate = new();

    public Task<LogPosition> GetPositionAsync(int partition, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_positions.GetValueOrDefault(partition, LogPosition.Start));
    }

    public Task CommitAsync(int partition, LogPosition position, IReadOnlyList<Hit> counted, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var hit in counted)
            {
                if (!_ids.Add(hit.HitId)) continue;
                var key = (hit.Kind, hit.EntityId);
                Rows(key).Add(hit);
                _counts[key] = _counts.GetValueOrDefault(key) + new HitCounts(1, hit.Bot ? 1 : 0);
            }
            _positions[partition] = position;
        }
        return Task.CompletedTask;
    }

    public Task<HitCounts> CountAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_counts.GetValueOrDefault((kind, entityId)));
    }

    public Task<IReadOnlyList<Hit>> PageAsync(HitKind kind, long entityId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Hit> page = Rows((kind, entityId)).AsEnumerable().Reverse().Skip(offset).Take(limit).ToList();
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyCollection<string>> IpHashesAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyCollection<string> hashes = Rows((kind, entityId)).Select(h => h.IpHash).OfType<string>().ToHashSet();
            return Task.FromResult(hashes);
        }
    }

    public Task DeleteAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _rows.Remove((kind, entityId));
            _counts.Remove((kind, entityId));
        }
        return Task.CompletedTask;
    }

    private List<Hit> Rows((HitKind, long) key)
    {
        if (!_rows.TryGetValue(key, out var rows)) _rows[key] = rows = [];
        return rows;
    }
}
