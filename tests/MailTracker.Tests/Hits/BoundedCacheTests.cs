using System.Diagnostics.Metrics;
using MailTracker.Diagnostics;
using MailTracker.Grains.Hits;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Hits;

/// <summary>The hit caches' bound: what is held, what is dropped, and what the metrics say about it.</summary>
public sealed class BoundedCacheTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly MailTrackerMetrics _metrics;
    private long _evicted;
    private long _entries = -1;

    public BoundedCacheTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "mailtracker.hits.cache.evictions" && Tag(tags, "cache") == "recipients") Interlocked.Add(ref _evicted, value);
            if (instrument.Name == "mailtracker.hits.cache.entries" && Tag(tags, "cache") == "recipients") _entries = value;
        });
        _listener.Start();
        _metrics = new MailTrackerMetrics(factory);
    }

    [Fact]
    public void A_string_key_is_found_by_its_characters_alone()
    {
        var cache = new BoundedCache<string, int>(10, HitCache.Recipients, _metrics, StringComparer.Ordinal);
        cache.Set("pToken", 7);

        // A pixel's path segment minus its image extension: the same characters, no string of their own.
        Assert.True(cache.TryGet("pToken.png".AsSpan(0, 6), out var found));
        Assert.Equal(7, found);
        Assert.False(cache.TryGet("ptoken".AsSpan(), out _));
        Assert.False(cache.TryGet("pTok".AsSpan(), out _));
    }

    [Fact]
    public void A_present_key_returns_its_latest_value_and_a_removed_one_none()
    {
        var cache = new BoundedCache<string, int>(10, HitCache.Recipients, _metrics, StringComparer.Ordinal);
        cache.Set("a", 1);
        cache.Set("a", 2);
        cache.Set("b", 3);

        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(2, a);
        cache.Remove("b");
        Assert.False(cache.TryGet("b", out _));
        Assert.Equal(1, cache.Count);
        Assert.Equal(0, cache.Evictions);
    }

    [Fact]
    public void Adds_past_the_bound_evict_and_keep_the_entries_read_since()
    {
        var cache = new BoundedCache<int, int>(100, HitCache.Recipients, _metrics);
        for (var i = 0; i < 100; i++) cache.Set(i, i);
        // Read: a second chance when the sweep passes them.
        for (var i = 0; i < 10; i++) Assert.True(cache.TryGet(i, out _));

        for (var i = 100; i < 150; i++) cache.Set(i, i);

        Assert.Equal(100, cache.Count);
        Assert.Equal(50, cache.Evictions);
        Assert.All(Enumerable.Range(0, 10), i => Assert.True(cache.TryGet(i, out var value) && value == i));
        Assert.All(Enumerable.Range(100, 50), i => Assert.True(cache.TryGet(i, out _)));
        Assert.Equal(50, Interlocked.Read(ref _evicted));
        _listener.RecordObservableInstruments();
        Assert.Equal(100, _entries);
    }

    [Fact]
    public async Task The_bound_holds_under_concurrent_adds_and_reads_and_every_eviction_is_counted()
    {
        const int capacity = 1_000, threads = 8, perThread = 20_000;
        var cache = new BoundedCache<string, int>(capacity, HitCache.Recipients, _metrics, StringComparer.Ordinal);
        using var start = new Barrier(threads);

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                var key = $"{t}:{i}";
                cache.Set(key, i);
                // A present key is its own value, whatever the others do meanwhile (it may be evicted at once, though).
                if (cache.TryGet(key, out var value)) Assert.Equal(i, value);
                cache.TryGet($"{t}:{i / 2}", out _);
            }
        })));

        Assert.InRange(cache.Count, 1, capacity);
        Assert.Equal(threads * perThread - cache.Count, cache.Evictions);
        Assert.Equal(cache.Evictions, Interlocked.Read(ref _evicted));
    }

    [Fact]
    public void Keys_replaced_over_and_over_are_held_once_each_and_evict_nothing()
    {
        var cache = new BoundedCache<int, int>(10, HitCache.Recipients, _metrics);
        for (var i = 0; i < 10_000; i++) cache.Set(i % 5, i);

        Assert.Equal(5, cache.Count);
        Assert.Equal(0, cache.Evictions);
        Assert.True(cache.TryGet(4, out var last) && last == 9_999);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key) return tag.Value as string;
        }
        return null;
    }
}
