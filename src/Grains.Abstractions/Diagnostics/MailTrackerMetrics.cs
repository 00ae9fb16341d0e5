using System.Diagnostics.Metrics;
using MailTracker.Hits;

namespace MailTracker.Diagnostics;

/// <summary>
/// The <c>MailTracker</c> meter: one instrument per boundary of the hit pipeline and of webhook delivery, each
/// recorded through a method named after what happened. Recording allocates nothing: every tag combination is
/// built once here and passed as a span. A singleton per silo; its meter belongs to the host's
/// <see cref="IMeterFactory"/>, so two hosts in one process (tests) never count into each other.
/// </summary>
public sealed class MailTrackerMetrics
{
    public const string MeterName = "MailTracker";

    private readonly Counter<long> _answered;
    private readonly Histogram<int> _commitSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _commitFailures;
    private readonly Counter<long> _lostCommitLookups;
    private readonly Counter<long> _counted;
    private readonly Counter<long> _discarded;
    private readonly Counter<long> _pagesBackfilled;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _cacheEvictions;

    private readonly KeyValuePair<string, object?>[][][] _answeredTags;
    private readonly KeyValuePair<string, object?>[][] _kindTags;
    private readonly KeyValuePair<string, object?>[][] _lostCommitTags;
    private readonly KeyValuePair<string, object?>[][] _deliveryTags;
    private readonly KeyValuePair<string, object?>[][] _partitionTags;
    private readonly KeyValuePair<string, object?>[][][] _cacheLookupTags;
    private readonly KeyValuePair<string, object?>[][] _cacheTags;

    // Per partition, as its tailer last reported; rows -1 until a tailer on this silo reports.
    private readonly long[] _lagTicks = new long[HitPartitions.Count];
    private readonly long[] _lagRows = [.. Enumerable.Repeat(-1L, HitPartitions.Count)];
    private long _outboxBacklog = -1;

    // Per hit cache, as it last reported; -1 until one of this silo's caches of that name exists.
    private readonly long[] _cacheEntries = [.. Enum.GetValues<HitCache>().Select(_ => -1L)];

    public MailTrackerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _answered = meter.CreateCounter<long>("mailtracker.hits.answered", "{hit}",
            "Pixel and link requests answered, by kind (open, click) and result (recorded, unknown_token, failed).");
        _commitSize = meter.CreateHistogram("mailtracker.hits.group_commit.size", "{hit}",
            "Hits written by one group commit.", tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] });
        _commitDuration = meter.CreateHistogram("mailtracker.hits.group_commit.duration", "s",
            "Time from a group commit's first hit to its commit, which is when its hits are answered.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });
        _commitFailures = meter.CreateCounter<long>("mailtracker.hits.group_commit.failures", "{commit}",
            "Group commits that failed (their hits were answered as not recorded).");
        _lostCommitLookups = meter.CreateCounter<long>("mailtracker.hits.lost_commit.lookups", "{lookup}",
            "Look-ups of group commits whose answer was lost, by what they found (committed, aborted, unknown).");
        _counted = meter.CreateCounter<long>("mailtracker.hits.counted", "{hit}",
            "Logged hits the tailers counted, by kind.");
        _discarded = meter.CreateCounter<long>("mailtracker.hits.discarded", "{hit}",
            "Logged hits the tailers discarded (unique-opens repeats, deleted or disabled entities, unresolvable tokens), by kind.");
        _pagesBackfilled = meter.CreateCounter<long>("mailtracker.hits.pages.backfilled", "{chunk}",
            "Chunks of decided hits that silos of the previous version consumed without pages, paged by this silo's back-fill.");
        _deliveries = meter.CreateCounter<long>("mailtracker.webhooks.deliveries", "{delivery}",
            "Webhook delivery attempts from the outbox, by outcome (delivered, failed, gave_up, disabled, unrecorded).");
        _cacheLookups = meter.CreateCounter<long>("mailtracker.hits.cache.lookups", "{lookup}",
            "Look-ups of the hit path's caches, by cache (token_facts, token_images, recipients, blacklists) and result (hit, miss: loaded, then cached).");
        _cacheEvictions = meter.CreateCounter<long>("mailtracker.hits.cache.evictions", "{entry}",
            "Entries a hit cache dropped to stay within MailTracker:Hits:TokenCacheSize, by cache.");
        meter.CreateObservableGauge("mailtracker.hits.cache.entries", ObserveCacheEntries, "{entry}",
            "Entries each hit cache of this silo holds (at most MailTracker:Hits:TokenCacheSize), by cache.");
        meter.CreateObservableGauge("mailtracker.hits.tailer.lag", ObserveLagSeconds, "s",
            "Per partition: the age of the oldest hit its tailer had not yet consumed when it last read (0 when caught up or stopped).");
        meter.CreateObservableGauge("mailtracker.hits.tailer.lag_rows", ObserveLagRows, "{row}",
            "Per partition: logged rows its tailer had not yet consumed when it last read (0 when caught up or stopped).");
        meter.CreateObservableGauge("mailtracker.webhooks.outbox.backlog", ObserveOutboxBacklog, "{event}",
            "Undelivered webhook events in the outbox of every webhook (cluster-wide, the same from every silo), counted up to a bound.");

        _answeredTags = [.. Enum.GetValues<HitKind>().Select(kind => Enum.GetValues<HitAnswer>().Select(answer => Tags(Kind(kind), ("result", Name(answer)))).ToArray())];
        _kindTags = [.. Enum.GetValues<HitKind>().Select(kind => Tags(Kind(kind)))];
        _lostCommitTags = [.. Enum.GetValues<LostCommitOutcome>().Select(outcome => Tags(("outcome", Name(outcome))))];
        _deliveryTags = [.. Enum.GetValues<WebhookDeliveryOutcome>().Select(outcome => Tags(("outcome", Name(outcome))))];
        _cacheTags = [.. Enum.GetValues<HitCache>().Select(cache => Tags(Cache(cache)))];
        _cacheLookupTags = [.. Enum.GetValues<HitCache>().Select(cache => new[] { Tags(Cache(cache), ("result", "miss")), Tags(Cache(cache), ("result", "hit")) })];
        _partitionTags = [.. Enumerable.Range(0, HitPartitions.Count).Select(p => Tags(("partition", p.ToString(System.Globalization.CultureInfo.InvariantCulture))))];
    }

    /// <summary>A hit endpoint decided its response.</summary>
    public void HitAnswered(HitKind kind, HitAnswer answer) => _answered.Add(1, _answeredTags[(int)kind][(int)answer]);

    /// <summary>A group commit wrote <paramref name="hits"/> hits; <paramref name="latency"/> from its first hit's arrival to the commit.</summary>
    public void GroupCommitted(int hits, TimeSpan latency)
    {
        _commitSize.Record(hits);
        _commitDuration.Record(latency.TotalSeconds);
    }

    public void GroupCommitFailed() => _commitFailures.Add(1);

    public void LostCommitLookedUp(LostCommitOutcome outcome) => _lostCommitLookups.Add(1, _lostCommitTags[(int)outcome]);

    /// <summary>A partition's tailer read: how far behind the log's end it was (age of its oldest unread hit, unread rows).</summary>
    public void TailerRead(int partition, TimeSpan lag, long rows)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)partition, (uint)HitPartitions.Count, nameof(partition));
        Volatile.Write(ref _lagTicks[partition], lag.Ticks);
        Volatile.Write(ref _lagRows[partition], rows);
    }

    /// <summary>A partition's tailer deactivated on this silo: its lag reads 0 here from now on.</summary>
    public void TailerStopped(int partition) => TailerRead(partition, TimeSpan.Zero, 0);

    /// <summary>A consumption commit counted and discarded hits of one kind.</summary>
    public void Consumed(HitKind kind, long counted, long discarded)
    {
        var tags = _kindTags[(int)kind];
        if (counted > 0) _counted.Add(counted, tags);
        if (discarded > 0) _discarded.Add(discarded, tags);
    }

    /// <summary>The hit pages' back-fill paged <paramref name="chunks"/> chunks of what older silos consumed.</summary>
    public void PagesBackfilled(long chunks) => _pagesBackfilled.Add(chunks);

    public void WebhookDelivery(WebhookDeliveryOutcome outcome) => _deliveries.Add(1, _deliveryTags[(int)outcome]);

    /// <summary>The outbox's undelivered events, as last counted.</summary>
    public void OutboxBacklog(long events) => Volatile.Write(ref _outboxBacklog, events);

    /// <summary>A hit cache was looked up: <paramref name="hit"/> when it held a fresh entry, else the caller loads it.</summary>
    public void CacheLookedUp(HitCache cache, bool hit) => _cacheLookups.Add(1, _cacheLookupTags[(int)cache][hit ? 1 : 0]);

    /// <summary>A hit cache dropped an entry to keep its bound.</summary>
    public void CacheEvicted(HitCache cache) => _cacheEvictions.Add(1, _cacheTags[(int)cache]);

    /// <summary>How many entries a hit cache holds now.</summary>
    public void CacheEntries(HitCache cache, long entries) => Volatile.Write(ref _cacheEntries[(int)cache], entries);

    private IEnumerable<Measurement<double>> ObserveLagSeconds()
    {
        for (var p = 0; p < HitPartitions.Count; p++)
        {
            if (Volatile.Read(ref _lagRows[p]) >= 0) yield return new(TimeSpan.FromTicks(Volatile.Read(ref _lagTicks[p])).TotalSeconds, _partitionTags[p]);
        }
    }

    private IEnumerable<Measurement<long>> ObserveLagRows()
    {
        for (var p = 0; p < HitPartitions.Count; p++)
        {
            if (Volatile.Read(ref _lagRows[p]) is var rows and >= 0) yield return new(rows, _partitionTags[p]);
        }
    }

    private IEnumerable<Measurement<long>> ObserveCacheEntries()
    {
        for (var c = 0; c < _cacheEntries.Length; c++)
        {
            if (Volatile.Read(ref _cacheEntries[c]) is var entries and >= 0) yield return new(entries, _cacheTags[c]);
        }
    }

    private IEnumerable<Measurement<long>> ObserveOutboxBacklog()
    {
        if (Volatile.Read(ref _outboxBacklog) is var events and >= 0) yield return new(events);
    }

    private static (string, string) Cache(HitCache cache) => ("cache", Name(cache));

    private static (string, string) Kind(HitKind kind) => ("kind", kind == HitKind.Open ? "open" : "click");

    /// <summary>Tag values in snake case, as Prometheus labels usually are: <c>UnknownToken</c> becomes <c>unknown_token</c>.</summary>
    private static string Name<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static KeyValuePair<string, object?>[] Tags(params (string Key, string Value)[] tags) =>
        [.. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))];
}
