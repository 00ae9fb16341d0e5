using System.Collections.Concurrent;
using MailTracker.Diagnostics;

namespace MailTracker.Grains.Hits;

/// <summary>
/// A thread-safe cache of at most <see cref="Capacity"/> entries, evicting by second chance (CLOCK): entries queue in the order
/// they were added; an entry read since the sweep last passed it goes round again, one not read is dropped. A hit is a dictionary
/// read and, the first time since the sweep passed, one flag write: no lock. Only an add beyond the bound sweeps, under a lock
/// (each add is a miss that cost a grain call already). Its entries and evictions are reported as <see cref="MailTrackerMetrics"/>
/// under its <see cref="HitCache"/> name.
/// </summary>
public sealed class BoundedCache<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries;

    /// <summary>The clock: every entry added, in order, and entries replaced or removed since (stale, skipped by the sweep).</summary>
    private readonly ConcurrentQueue<Entry> _clock = new();
    private readonly Lock _sweep = new();
    private readonly MailTrackerMetrics _metrics;
    private int _count;
    private int _queued;
    private long _evictions;

    public BoundedCache(int capacity, HitCache name, MailTrackerMetrics metrics, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Name = name;
        _metrics = metrics;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
        metrics.CacheEntries(name, 0);
    }

    public int Capacity { get; }

    public HitCache Name { get; }

    /// <summary>Entries held now (at most <see cref="Capacity"/> once no add is under way).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Entries dropped to keep the bound, since the cache was made.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    public bool TryGet(TKey key, out TValue value) => Found(_entries.TryGetValue(key, out var entry) ? entry : null, out value);

    /// <summary>
    /// The same by another form of the key that the cache's comparer compares with keys (a string key's characters, with
    /// <see cref="StringComparer.Ordinal"/>): the look-up needs no key object of its own.
    /// </summary>
    public bool TryGet<TAlternate>(TAlternate key, out TValue value) where TAlternate : notnull, allows ref struct =>
        Found(_entries.GetAlternateLookup<TAlternate>().TryGetValue(key, out var entry) ? entry : null, out value);

    private static bool Found(Entry? entry, out TValue value)
    {
        if (entry is null)
        {
            value = default!;
            return false;
        }
        // Read before written: a hot entry costs no write (and no cache-line traffic between cores) once it is marked.
        if (!entry.Referenced) entry.Referenced = true;
        value = entry.Value;
        return true;
    }

    /// <summary>Adds or replaces the key's value; an add past the bound evicts entries not read lately.</summary>
    public void Set(TKey key, TValue value)
    {
        var entry = new Entry(key, value);
        while (true)
        {
            if (_entries.TryGetValue(key, out var current))
            {
                // Entries are immutable, so a reader never sees half a value: a new one replaces the old, which goes stale in the clock.
                if (!_entries.TryUpdate(key, entry, current)) continue;
                Enqueue(entry);
                break;
            }
            if (!_entries.TryAdd(key, entry)) continue;
            // Queued before counted: whenever the count is past the bound, the clock holds at least that many live entries.
            Enqueue(entry);
            Interlocked.Increment(ref _count);
            break;
        }
        if (Volatile.Read(ref _count) > Capacity || Volatile.Read(ref _queued) > 2 * Capacity) Sweep();
        _metrics.CacheEntries(Name, Count);
    }

    public void Remove(TKey key)
    {
        if (!_entries.TryRemove(key, out _)) return;
        Interlocked.Decrement(ref _count);
        _metrics.CacheEntries(Name, Count);
    }

    private void Enqueue(Entry entry)
    {
        _clock.Enqueue(entry);
        Interlocked.Increment(ref _queued);
    }

    /// <summary>
    /// Evicts until the bound holds and drops stale entries from the clock (replacements and removals leave them: without this,
    /// keys replaced over and over would grow the clock though the dictionary does not). Every add past the bound waits here
    /// rather than leaving it to a sweep already under way, which may have checked the count before that add.
    /// </summary>
    private void Sweep()
    {
        lock (_sweep)
        {
            // Readers may mark entries as fast as the sweep clears them: past this many second chances it evicts what it meets.
            var secondChances = 2 * Capacity;
            while (Volatile.Read(ref _count) > Capacity || Volatile.Read(ref _queued) > 2 * Capacity)
            {
                if (!_clock.TryDequeue(out var entry)) return;
                Interlocked.Decrement(ref _queued);
                if (!_entries.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry)) continue;
                if (Volatile.Read(ref _count) <= Capacity)
                {
                    // Only stale entries are being dropped: a live one goes round again, its mark kept.
                    Enqueue(entry);
                    continue;
                }
                if (entry.Referenced && secondChances-- > 0)
                {
                    entry.Referenced = false;
                    Enqueue(entry);
                    continue;
                }
                if (!_entries.TryRemove(new KeyValuePair<TKey, Entry>(entry.Key, entry))) continue;
                Interlocked.Decrement(ref _count);
                Interlocked.Increment(ref _evictions);
                _metrics.CacheEvicted(Name);
            }
        }
    }

    private sealed class Entry(TKey key, TValue value)
    {
        public TKey Key { get; } = key;

        public TValue Value { get; } = value;

        public volatile bool Referenced;
    }
}
