using MailTracker.Diagnostics;
using MailTracker.Grains.Analytics;
using MailTracker.Grains.Live;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using MailTracker.Live;
using MailTracker.Trackings;
using Microsoft.Extensions.Logging;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The partition tailer: the pulling agent of one partition of the hit log, standing in for an Orleans persistent stream
/// provider's agent (see README, "The hit pipeline"). Each pixel's or link's grain decides which of its hits count (a grain
/// that counts everything is asked once, then trusted until it says otherwise), and the batch's counts, the hits that count
/// nothing and the new position are committed at once (<see cref="IConsumptionCommit"/>). Batches grow by themselves under
/// load (everything committed since the last read), so the work per hit falls as the rate rises.
/// </summary>
// The grain type of its former name, HitLogPartitionGrain: during a rolling upgrade a silo of the previous version and one of
// this version never each run a tailer of the same partition (both would count its hits).
[GrainType("hitlogpartition")]
public sealed class PartitionTailerGrain(
    IHitLogReader log,
    IConsumptionCommit commit,
    UnresolvedHitResolver unresolved,
    UniqueOpenClaims uniqueOpens,
    ILiveHitPublisher live,
    HitRollup rollups,
    TimeProvider time,
    MailTrackerMetrics metrics,
    ILogger<PartitionTailerGrain> logger) : Grain, IPartitionTailerGrain
{
    /// <summary>Small enough that one commit is short: every open transaction holds back the whole server's read watermark.</summary>
    private const int BatchSize = 2_000;

    /// <summary>
    /// Hits whose grain has failed for this long are passed over (a poison row must not block its partition);
    /// well beyond the time a dead silo takes to be declared dead and its grains to move.
    /// </summary>
    private static readonly TimeSpan PoisonAfter = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Under load, wait this long between reads: every commit updates one counts row per pixel or link in
    /// it, so fewer, larger batches cut that cost per hit (a newsletter's 1000 pixels) while hits are still
    /// counted well within a second.
    /// </summary>
    private static readonly TimeSpan BusyInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A read at least this large means load (400 hits a second in one partition at one read a tick): from
    /// there on a counts row per pixel per read would cost more than the hits themselves.
    /// </summary>
    private const int BusyRows = 20;

    /// <summary>Read even without a poke this often: a poke can be lost with a silo, a commit never is.</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a poke, read on every tick for this long: a committed row stays invisible while any older
    /// transaction on the server is still open (the watermark), so one read right after the poke can miss it.
    /// </summary>
    private static readonly TimeSpan PokeWindow = TimeSpan.FromMilliseconds(500);

    private LogPosition? _position;
    private bool _busy;
    /// <summary>Timestamps of <see cref="TimeProvider"/>: read on every tick until then (a poke's window).</summary>
    private long _wakeUntil;
    private long _lastPump;
    private int _failedAttempts;
    private long _failingSince;

    /// <summary>Entities whose grain said it counts every hit: their hits are counted without a call.</summary>
    private readonly HashSet<long> _countsEverything = [];

    /// <summary>The page read last, reused: a fresh one per read would be a large-object-heap allocation.</summary>
    private readonly List<LoggedHit> _page = new(BatchSize);

    private int Partition => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _wakeUntil = After(PokeWindow);
        this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = true, Interleave = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Its lag is another silo's to report from now on.
        metrics.TailerStopped(Partition);
        return Task.CompletedTask;
    }

    public Task PokeAsync()
    {
        _wakeUntil = After(PokeWindow);
        return Task.CompletedTask;
    }

    public Task EnsureRunningAsync() => Task.CompletedTask;

    public Task ForgetVerdictAsync(long entityId)
    {
        _countsEverything.Remove(entityId);
        return Task.CompletedTask;
    }

    /// <summary>Consumes everything committed so far (used on shutdown so that nothing waits for the next start).</summary>
    public Task DrainAsync() => PumpAsync(CancellationToken.None);

    private long After(TimeSpan span) => time.GetTimestamp() + (long)(span.TotalSeconds * time.TimestampFrequency);

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        var sinceLast = _lastPump == 0 ? TimeSpan.MaxValue : time.GetElapsedTime(_lastPump, now);
        // After failures, back off (100 ms doubling up to 5 s) rather than hammer a silo that is going down.
        var wait = _failedAttempts == 0 ? (_busy ? BusyInterval : TimeSpan.Zero) : TimeSpan.FromMilliseconds(Math.Min(5_000, 100L << Math.Min(_failedAttempts, 6)));
        if (sinceLast < wait) return;
        if (now >= _wakeUntil && sinceLast < IdlePoll) return;
        _lastPump = now;
        try
        {
            await PumpAsync(cancellationToken);
            _failedAttempts = 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not committed, so not advanced: the same rows are read again on a later tick.
            _wakeUntil = After(PokeWindow);
            if (_failedAttempts++ == 0) _failingSince = now;
            logger.LogWarning(e, "Hit log partition {Partition}: attempt {Attempt} at {Position} failed; retrying", Partition, _failedAttempts, _position);
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        _position ??= await commit.GetPositionAsync(Partition, cancellationToken);
        var read = 0;
        try
        {
            await PumpBatchesAsync(cancellationToken, count => read += count);
        }
        finally
        {
            _busy = read >= BusyRows;
        }
    }

    private async Task PumpBatchesAsync(CancellationToken cancellationToken, Action<int> onRead)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await log.ReadAsync(Partition, _position!.Value, BatchSize, _page, cancellationToken);
            onRead(batch.Hits.Count);
            // The lag: how old the oldest hit not yet consumed is (its id holds the time it was made), and how many were found.
            metrics.TailerRead(Partition, batch.Hits.Count == 0 ? TimeSpan.Zero : time.GetUtcNow() - HitIdGenerator.TimeOf(batch.Hits[0].HitId), batch.Hits.Count);
            // Nothing new: the position may still move up to the watermark (so idle partitions do not hold back the feeds).
            if (batch.Hits.Count == 0 && batch.Next.CompareTo(_position.Value) <= 0) return;
            var (consumption, rejected, notices) = batch.Hits.Count == 0 ? (HitConsumption.MoveTo(batch.Next), default, []) : await ConsumeAsync(batch);
            await commit.CommitAsync(Partition, consumption, cancellationToken);
            uniqueOpens.Committed(consumption.Claims);
            _position = batch.Next;
            if (batch.Hits.Count > 0) Report(consumption, rejected);
            if (notices.Count > 0) await PublishAsync(notices);
            if (batch.Hits.Count < BatchSize) return;
        }
    }

    /// <summary>After the commit, so never before the hits count; a lost notice is caught up from the feeds, so a failure only logs.</summary>
    private async Task PublishAsync(IReadOnlyList<CountedHitsNotice> notices)
    {
        try
        {
            await live.PublishAsync(notices);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Hit log partition {Partition}: live notices of {Accounts} account(s) not published", Partition, notices.Count);
        }
    }

    private void Report(HitConsumption consumption, (long Opens, long Clicks) rejected)
    {
        long opens = 0, clicks = 0;
        foreach (var counted in consumption.Counted)
        {
            if (counted.Kind == HitKind.Open) opens += counted.Added.Total;
            else clicks += counted.Added.Total;
        }
        metrics.Consumed(HitKind.Open, opens, rejected.Opens);
        metrics.Consumed(HitKind.Click, clicks, rejected.Clicks);
    }

    /// <summary>The batch's consumption, and how many of its hits of each kind count nothing (raw rows aside: they are logged again).</summary>
    private async Task<(HitConsumption Consumption, (long Opens, long Clicks) Rejected, IReadOnlyList<CountedHitsNotice> Notices)> ConsumeAsync(HitLogBatch batch)
    {
        var discarded = new List<Guid>();
        // Positions in the page, not copies of its hits: one newsletter pixel can have 2,000 hits in a page, and a list
        // of that many hits would be a large-object-heap allocation per read.
        var byEntity = new Dictionary<(HitKind Kind, long Entity), List<int>>();
        var page = batch.Hits;
        for (var i = 0; i < page.Count; i++)
        {
            var hit = page[i];
            if (hit.IsUnresolved)
            {
                // The raw row goes; its resolved hit (if any) is logged again in its own partition.
                discarded.Add(hit.HitId);
                continue;
            }
            if (!byEntity.TryGetValue((hit.Kind, hit.EntityId), out var hits)) byEntity[(hit.Kind, hit.EntityId)] = hits = [];
            hits.Add(i);
        }
        var resolved = discarded.Count > 0 ? await unresolved.ResolveAsync(page.Select(h => h.Raw).OfType<Hit>()) : [];

        var counted = new List<CountedHits>(byEntity.Count);
        var recipients = new Dictionary<long, RecipientActivity>();
        var (rejected, oncePerAddress) = await DecideAsync(page, byEntity);
        IReadOnlyList<AddressClaim> claims = oncePerAddress.Count == 0 ? [] : await ClaimAsync(page, byEntity, oncePerAddress, rejected);
        long rejectedOpens = 0, rejectedClicks = 0;
        Dictionary<long, List<LiveHit>>? watched = null;
        var rollup = new AnalyticsRollup();
        var places = new CountedPlaces();
        foreach (var ((kind, entity), hits) in byEntity)
        {
            long total = 0, bots = 0;
            // An entity's hits are all of one account: asked once per entity, not per hit.
            var account = page[hits[0]].AccountId;
            List<LiveHit>? liveHits = null;
            if (live.IsWatched(account))
            {
                watched ??= [];
                if (!watched.TryGetValue(account, out liveHits)) watched[account] = liveHits = [];
            }
            foreach (var i in hits)
            {
                var hit = page[i];
                if (rejected.Contains(hit.HitId))
                {
                    discarded.Add(hit.HitId);
                    if (kind == HitKind.Open) rejectedOpens++;
                    else rejectedClicks++;
                    continue;
                }
                total++;
                places.Add(hit.Place);
                if (hit.Bot) bots++;
                rollups.Add(rollup, kind, hit);
                liveHits?.Add(new LiveHit(hit.HitId, kind, entity, hit.TrackingId, hit.Date, hit.Bot));
                if (hit.RecipientId is { } recipient)
                {
                    recipients[recipient] = recipients.GetValueOrDefault(recipient, new RecipientActivity { RecipientId = recipient }).With(kind, hit.Bot, hit.Date);
                }
            }
            places.Close(kind, entity);
            if (total > 0) counted.Add(new CountedHits(kind, entity, new HitCounts(total, bots)));
        }
        IReadOnlyList<CountedHitsNotice> notices = watched is null ? [] : [.. watched.Select(w => new CountedHitsNotice(w.Key, w.Value))];
        return (new HitConsumption(batch.Next, counted, discarded, resolved, [.. recipients.Values]) { Claims = claims, Rollup = rollup, Places = places }, (rejectedOpens, rejectedClicks), notices);
    }

    /// <summary>uniqueOpensOnly: rejects the hits that repeat an address; the claims of the first ones commit with the page.</summary>
    private Task<IReadOnlyList<AddressClaim>> ClaimAsync(IReadOnlyList<LoggedHit> page, Dictionary<(HitKind Kind, long Entity), List<int>> byEntity,
        HashSet<long> oncePerAddress, HashSet<Guid> rejected)
    {
        var candidates = new List<AddressClaim>();
        foreach (var ((_, entity), hits) in byEntity)
        {
            if (!oncePerAddress.Contains(entity)) continue;
            foreach (var i in hits)
            {
                // Hits without an address were rejected by their entity.
                if (page[i].IpHash is { } hash && !rejected.Contains(page[i].HitId)) candidates.Add(new AddressClaim(new EntityAddress(entity, hash), page[i].HitId));
            }
        }
        return uniqueOpens.ClaimAsync(candidates, rejected);
    }

    /// <summary>
    /// The hit ids that count nothing, and the entities whose other hits count once per address. Asks only the entities not
    /// known to count everything.
    /// </summary>
    private async Task<(HashSet<Guid> Rejected, HashSet<long> OncePerAddress)> DecideAsync(IReadOnlyList<LoggedHit> page, Dictionary<(HitKind Kind, long Entity), List<int>> byEntity)
    {
        var decisions = new List<(long Entity, List<HitClaim> Claims, Task<HitVerdict> Verdict)>();
        foreach (var ((_, entity), hits) in byEntity)
        {
            if (_countsEverything.Contains(entity)) continue;
            var claims = hits.ConvertAll(i => new HitClaim(page[i].HitId, page[i].IpHash));
            decisions.Add((entity, claims, GrainFactory.GetGrain<ITrackableGrain>(entity).DecideAsync(claims)));
        }
        var rejected = new HashSet<Guid>();
        var oncePerAddress = new HashSet<long>();
        if (decisions.Count == 0) return (rejected, oncePerAddress);
        try
        {
            await Task.WhenAll(decisions.Select(d => d.Verdict));
        }
        catch (Exception) when (_failedAttempts > 0 && time.GetElapsedTime(_failingSince) > PoisonAfter)
        {
            // A grain that fails again and again (a poison row) must not block every other hit of its partition.
            foreach (var (entity, claims, verdict) in decisions.Where(d => !d.Verdict.IsCompletedSuccessfully))
            {
                logger.LogError(verdict.Exception, "Hit log partition {Partition}: passing over {Count} hits of entity {Entity} after {Attempts} failed attempts",
                    Partition, claims.Count, entity, _failedAttempts);
                rejected.UnionWith(claims.Select(c => c.HitId));
            }
        }
        foreach (var (entity, _, verdict) in decisions)
        {
            if (!verdict.IsCompletedSuccessfully) continue;
            rejected.UnionWith(verdict.Result.Rejected);
            if (verdict.Result.CountsEverything) _countsEverything.Add(entity);
            if (verdict.Result.OncePerAddress) oncePerAddress.Add(entity);
        }
        return (rejected, oncePerAddress);
    }
}
