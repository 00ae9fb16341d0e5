using MailTracker.Grains.Analytics;
using MailTracker.Grains.Recipients;
using MailTracker.Grains.Reclassification;
using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The embedded default's hit log, consumption commit and data in one: one process, so an append is "committed" once it is in
/// the list. As in PostgreSQL, a hit is stored once; it is data once its partition's position has passed it, and a consumption
/// commit applies everything under one lock. Positions are (seq, seq) of a global append counter.
/// </summary>
public sealed class InMemoryHitStore(IHitCommitSignal signal, InMemoryRecipientStore? recipients = null, InMemoryAnalyticsStore? analytics = null)
    : IHitLog, IHitLogReader, IConsumptionCommit, IHitDataStore, IUniqueOpenStore, IReclassificationStore
{
    private readonly List<Row>[] _partitions = [.. Enumerable.Range(0, HitPartitions.Count).Select(_ => new List<Row>())];
    private readonly Dictionary<(HitKind, long), List<Row>> _byEntity = [];
    private readonly Dictionary<Guid, Row> _byId = [];
    private readonly Dictionary<(HitKind, long), HitCounts> _counts = [];
    /// <summary>uniqueOpensOnly's claims: per entity, the hit that holds each IP hash.</summary>
    private readonly Dictionary<long, Dictionary<string, Guid>> _claims = [];
    private readonly LogPosition[] _positions = new LogPosition[HitPartitions.Count];
    private readonly Lock _gate = new();
    private long _seq;

    public Task AppendAsync(Hit hit, CancellationToken cancellationToken = default)
    {
        lock (_gate) Add(hit);
        signal.Committed([hit.Partition]);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HitLogBatch> ReadAsync(int partition, LogPosition after, int limit, List<LoggedHit> buffer, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = _partitions[partition];
            buffer.Clear();
            var next = after;
            for (var i = FirstAfter(rows, after.Seq); i < rows.Count && buffer.Count < limit; i++)
            {
                var row = rows[i];
                next = new LogPosition(row.Seq, row.Seq);
                if (row.Deleted) continue;
                buffer.Add(LoggedHit.Of(row.Hit, next));
            }
            // Caught up: nothing can appear behind the newest row of any partition.
            if (buffer.Count < limit && _seq > next.Seq) next = new LogPosition(_seq, _seq);
            return Task.FromResult(new HitLogBatch(buffer, next));
        }
    }

    public Task<LogPosition> GetPositionAsync(int partition, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_positions[partition]);
    }

    public Task CommitAsync(int partition, HitConsumption consumption, CancellationToken cancellationToken = default)
    {
        var touched = new HashSet<int>();
        lock (_gate)
        {
            // Checked before anything changes: a commit whose claims are held by other hits changes nothing.
            var heldByOthers = consumption.Claims.Count(c => HolderOf(c.Address) is { } holder && holder != c.HitId);
            if (heldByOthers > 0) throw new InvalidOperationException($"{heldByOthers} address(es) this batch claims are held by other hits; it is decided again.");
            foreach (var claim in consumption.Claims) ClaimsOf(claim.Address.EntityId)[claim.Address.IpHash] = claim.HitId;
            foreach (var id in consumption.Discarded)
            {
                if (_byId.Remove(id, out var row)) row.Deleted = true;
            }
            foreach (var hit in consumption.Resolved)
            {
                Add(hit);
                touched.Add(hit.Partition);
            }
            foreach (var counted in consumption.Counted)
            {
                var key = (counted.Kind, counted.EntityId);
                _counts[key] = _counts.GetValueOrDefault(key) + counted.Added;
            }
            if (consumption.Next.Seq > _positions[partition].Seq) _positions[partition] = consumption.Next;
            // Under the same lock: the activity lands with the counts, as in PostgreSQL's one transaction.
            recipients?.Apply(consumption.Recipients, consumption.Rollup);
            analytics?.Apply(consumption.Rollup);
        }
        if (touched.Count > 0) signal.Committed(touched);
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
            IReadOnlyList<Hit> page = Decided(kind, entityId).Reverse().Skip(offset).Take(limit).ToList();
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<Hit>> TrackingPageAsync(long? pixelId, IReadOnlyList<long> linkIds, int offset, int limit, CancellationToken cancellationToken = default)
    {
        var entities = linkIds.Select(id => (HitKind.Click, id)).Concat(pixelId is { } pixel ? [(HitKind.Open, pixel)] : []);
        lock (_gate)
        {
            IReadOnlyList<Hit> page = [.. entities.SelectMany(e => DecidedRows(e.Item1, e.Item2))
                .OrderByDescending(r => r.Seq).Skip(Math.Max(0, offset)).Take(Math.Max(0, limit)).Select(r => r.Hit)];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyDictionary<EntityAddress, Guid>> ClaimsAsync(IReadOnlyCollection<EntityAddress> addresses, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var claims = new Dictionary<EntityAddress, Guid>();
            foreach (var address in addresses)
            {
                if (HolderOf(address) is { } holder) claims[address] = holder;
            }
            return Task.FromResult<IReadOnlyDictionary<EntityAddress, Guid>>(claims);
        }
    }

    public Task ClaimSeenAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Decided hits are in log order: the first of each address claims it, unless it is claimed already.
            var claims = ClaimsOf(entityId);
            foreach (var hit in Decided(kind, entityId))
            {
                if (hit.IpHash is { } hash) claims.TryAdd(hash, hit.HitId);
            }
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_byEntity.Remove((kind, entityId), out var rows))
            {
                foreach (var row in rows)
                {
                    row.Deleted = true;
                    _byId.Remove(row.Hit.HitId);
                }
            }
            _counts.Remove((kind, entityId));
            _claims.Remove(entityId);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RecipientOpen>> RecipientOpensAsync(long recipientId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<RecipientOpen> opens = _partitions.SelectMany(p => p)
                .Where(r => !r.Deleted && r.Hit.RecipientId == recipientId && r.Hit.Kind == HitKind.Open && r.Seq <= _positions[r.Hit.Partition].Seq)
                .OrderBy(r => r.Seq)
                .Take(limit)
                .Select(r => new RecipientOpen(r.Hit.Date, r.Hit.UserAgent, r.Hit.Bot, r.Hit.IpAddress) { BotReason = r.Hit.BotReason, Proxy = r.Hit.Proxy })
                .ToList();
            return Task.FromResult(opens);
        }
    }

    public Task<CommitCursor> EventsEndAsync(CancellationToken cancellationToken = default)
    {
        // Every hit appended so far is past, decided or not yet.
        lock (_gate) return Task.FromResult(new CommitCursor(_seq, _seq));
    }

    public Task<EventPage> EventsAsync(long accountId, HitKind kind, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(Events(accountId, k => k == kind, trackingId, after, limit));

    public Task<EventPage> AllEventsAsync(long accountId, long? trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(Events(accountId, _ => true, trackingId, after, limit));

    private EventPage Events(long accountId, Func<HitKind, bool> kinds, long? trackingId, CommitCursor after, int limit)
    {
        lock (_gate)
        {
            var bound = _positions.Min(p => p.Seq);
            var rows = _partitions.SelectMany(p => p)
                .Where(r => !r.Deleted && r.Seq > after.Seq && r.Seq <= bound && r.Hit.AccountId == accountId && kinds(r.Hit.Kind)
                    && (trackingId is null || r.Hit.TrackingId == trackingId))
                .OrderBy(r => r.Seq)
                .Take(limit + 1)
                .ToList();
            var page = rows.Take(limit).ToList();
            var events = page.Select(r => HitEvent.Of(r.Hit, r.Hit.RecipientId is { } id ? recipients?.TokenOf(id) : null, new CommitCursor(r.Seq, r.Seq))).ToList();
            var next = page.Count > 0 ? new CommitCursor(page[^1].Seq, page[^1].Seq) : after;
            return new EventPage(events, next, rows.Count > limit);
        }
    }

    public Task<IReadOnlyList<StoredHit>> ReadAsync(long accountId, long trackingId, StoredHitCursor after, string rulesVersion, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredHit> hits = _byId.Values
                .Where(r => !r.Deleted && r.Hit.AccountId == accountId && r.Hit.TrackingId == trackingId && !r.Hit.IsUnresolved
                    && r.Seq <= _positions[r.Hit.Partition].Seq && r.Hit.RulesVersion != rulesVersion
                    && (r.Hit.Kind > after.Kind || (r.Hit.Kind == after.Kind && r.Seq > after.Seq)))
                .OrderBy(r => r.Hit.Kind).ThenBy(r => r.Seq)
                .Take(limit)
                .Select(r => new StoredHit(new StoredHitCursor(r.Hit.Kind, r.Seq, r.Seq), r.Hit.EntityId, r.Hit.RecipientId,
                    r.Hit.RecipientId is { } id ? recipients?.CreatedOf(id) : null, r.Hit.Date, r.Hit.IpAddress, r.Hit.UserAgent, r.Hit.Verdict))
                .ToList();
            return Task.FromResult(hits);
        }
    }

    public Task<ReclassifiedBatch> ApplyAsync(IReadOnlyList<HitReverdict> verdicts, string rulesVersion, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var changes = new VerdictChanges();
            foreach (var (stored, verdict) in verdicts)
            {
                var rows = _partitions[HitPartitions.Of(stored.EntityId)];
                var at = FirstAfter(rows, stored.Place.Seq - 1);
                if (at == rows.Count || rows[at] is not { Deleted: false } row || row.Seq != stored.Place.Seq || row.Hit.RulesVersion == rulesVersion) continue;
                changes.Add(row.Hit.Kind, row.Hit.EntityId, row.Hit.RecipientId, row.Hit.Verdict, verdict);
                row.Hit = row.Hit with { Bot = verdict.Bot, BotReason = verdict.Reason, Proxy = verdict.Proxy, RulesVersion = rulesVersion };
            }
            foreach (var (key, delta) in changes.Bots)
            {
                if (_counts.TryGetValue(key, out var counts)) _counts[key] = counts + new HitCounts(0, delta);
            }
            // Under the same lock, as the consumption commit's activity: the recipients move with the rows.
            foreach (var (id, (opens, clicks)) in changes.Recipients)
            {
                var rows = _partitions.SelectMany(p => p).Where(r => !r.Deleted && r.Hit.RecipientId == id && r.Seq <= _positions[r.Hit.Partition].Seq).ToList();
                DateTimeOffset? First(HitKind kind, bool bot) => rows.Where(r => r.Hit.Kind == kind && r.Hit.Bot == bot).Min(r => r.Hit.Date);
                recipients?.Reverdict(id, opens, clicks, First(HitKind.Open, false), First(HitKind.Open, true), First(HitKind.Click, false), First(HitKind.Click, true));
            }
            return Task.FromResult(changes.Batch);
        }
    }

    /// <summary>Rows are in seq order: the index of the first after <paramref name="seq"/>.</summary>
    private static int FirstAfter(List<Row> rows, long seq)
    {
        var lo = 0;
        var hi = rows.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (rows[mid].Seq <= seq) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void Add(Hit hit)
    {
        var row = new Row(++_seq, hit);
        _partitions[hit.Partition].Add(row);
        _byId[hit.HitId] = row;
        var key = (hit.Kind, hit.EntityId);
        if (!_byEntity.TryGetValue(key, out var rows)) _byEntity[key] = rows = [];
        rows.Add(row);
    }

    private Guid? HolderOf(EntityAddress address) =>
        _claims.TryGetValue(address.EntityId, out var claims) && claims.TryGetValue(address.IpHash, out var holder) ? holder : null;

    private Dictionary<string, Guid> ClaimsOf(long entityId)
    {
        if (!_claims.TryGetValue(entityId, out var claims)) _claims[entityId] = claims = new(StringComparer.Ordinal);
        return claims;
    }

    private IEnumerable<Hit> Decided(HitKind kind, long entityId) => DecidedRows(kind, entityId).Select(r => r.Hit).ToList();

    private List<Row> DecidedRows(HitKind kind, long entityId)
    {
        var position = _positions[HitPartitions.Of(entityId)].Seq;
        return _byEntity.TryGetValue((kind, entityId), out var rows) ? [.. rows.Where(r => !r.Deleted && r.Seq <= position)] : [];
    }

    private sealed class Row(long seq, Hit hit)
    {
        public long Seq { get; } = seq;

        /// <summary>Replaced only by a reclassification (a new verdict).</summary>
        public Hit Hit { get; set; } = hit;

        public bool Deleted { get; set; }
    }
}
