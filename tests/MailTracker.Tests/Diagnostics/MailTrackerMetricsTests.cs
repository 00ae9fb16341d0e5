using System.Diagnostics.Metrics;
using MailTracker.Diagnostics;
using MailTracker.Hits;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Diagnostics;

/// <summary>What each method of <see cref="MailTrackerMetrics"/> records, read by a listener of this test's meter only.</summary>
public sealed class MailTrackerMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly MailTrackerMetrics _metrics;

    public MailTrackerMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
        _metrics = new MailTrackerMetrics(factory);
    }

    [Fact]
    public void A_hit_answer_is_one_count_tagged_with_its_kind_and_result()
    {
        _metrics.HitAnswered(HitKind.Click, HitAnswer.UnknownToken);
        var (instrument, value, tags) = Assert.Single(_measurements);
        Assert.Equal("mailtracker.hits.answered", instrument);
        Assert.Equal(1, value);
        Assert.Equal("click", tags["kind"]);
        Assert.Equal("unknown_token", tags["result"]);
    }

    [Fact]
    public void A_group_commit_records_its_size_and_its_latency_in_seconds()
    {
        _metrics.GroupCommitted(12, TimeSpan.FromMilliseconds(7));
        Assert.Contains(_measurements, m => m.Instrument == "mailtracker.hits.group_commit.size" && m.Value == 12);
        Assert.Contains(_measurements, m => m.Instrument == "mailtracker.hits.group_commit.duration" && Math.Abs(m.Value - 0.007) < 1e-9);
    }

    [Fact]
    public void A_cache_lookup_is_tagged_with_its_cache_and_result_and_entries_are_observed_per_cache()
    {
        _metrics.CacheLookedUp(HitCache.TokenFacts, hit: true);
        _metrics.CacheEntries(HitCache.Recipients, 42);
        _listener.RecordObservableInstruments();

        Assert.Contains(_measurements, m => m.Instrument == "mailtracker.hits.cache.lookups" && m.Value == 1
            && (string?)m.Tags["cache"] == "token_facts" && (string?)m.Tags["result"] == "hit");
        var entries = Assert.Single(_measurements, m => m.Instrument == "mailtracker.hits.cache.entries");
        Assert.Equal((42.0, "recipients"), (entries.Value, (string?)entries.Tags["cache"]));
    }

    [Fact]
    public void Consumption_counts_only_what_it_counted_and_discarded()
    {
        _metrics.Consumed(HitKind.Open, counted: 4, discarded: 0);
        var (instrument, value, tags) = Assert.Single(_measurements);
        Assert.Equal(("mailtracker.hits.counted", 4.0, "open"), (instrument, value, tags["kind"]));
    }

    [Fact]
    public void Tailer_lag_is_reported_for_partitions_read_here_and_is_zero_once_their_tailer_stopped()
    {
        _metrics.TailerRead(3, TimeSpan.FromSeconds(2.5), 40);
        _metrics.TailerRead(4, TimeSpan.FromSeconds(1), 7);
        _metrics.TailerStopped(4);
        _listener.RecordObservableInstruments();

        var seconds = _measurements.Where(m => m.Instrument == "mailtracker.hits.tailer.lag").ToDictionary(m => (string)m.Tags["partition"]!, m => m.Value);
        var rows = _measurements.Where(m => m.Instrument == "mailtracker.hits.tailer.lag_rows").ToDictionary(m => (string)m.Tags["partition"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, double> { ["3"] = 2.5, ["4"] = 0 }, seconds);
        Assert.Equal(new Dictionary<string, double> { ["3"] = 40, ["4"] = 0 }, rows);
        Assert.Throws<ArgumentOutOfRangeException>(() => _metrics.TailerRead(HitPartitions.Count, TimeSpan.Zero, 0));
    }

    [Fact]
    public void The_outbox_backlog_is_reported_once_counted()
    {
        _listener.RecordObservableInstruments();
        Assert.DoesNotContain(_measurements, m => m.Instrument == "mailtracker.webhooks.outbox.backlog");

        _metrics.OutboxBacklog(17);
        _listener.RecordObservableInstruments();
        Assert.Equal(17, Assert.Single(_measurements, m => m.Instrument == "mailtracker.webhooks.outbox.backlog").Value);
    }

    [Fact]
    public void Webhook_deliveries_and_lost_commit_look_ups_are_tagged_with_their_outcome()
    {
        _metrics.WebhookDelivery(WebhookDeliveryOutcome.GaveUp);
        _metrics.LostCommitLookedUp(LostCommitOutcome.Aborted);
        Assert.Contains(_measurements, m => m.Instrument == "mailtracker.webhooks.deliveries" && (string)m.Tags["outcome"]! == "gave_up");
        Assert.Contains(_measurements, m => m.Instrument == "mailtracker.hits.lost_commit.lookups" && (string)m.Tags["outcome"]! == "aborted");
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        _measurements.Add((instrument.Name, value, copy));
    }
}
