using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace MailTracker.BenchHost;

/// <summary>
/// What allocates, by type (bench/alloc.sh, SAMPLE=1): the runtime's GC AllocationTick events, one per ~100 KB allocated,
/// each naming the type of the allocation that crossed the mark, weighted by the bytes since the last tick. Off until
/// <see cref="Start"/>: listening costs CPU, so it is never on during a measured run.
/// </summary>
public sealed class AllocationSampler : IDisposable
{
    private readonly Lock _lock = new();
    private Listener? _listener;

    public void Start()
    {
        lock (_lock)
        {
            _listener?.Dispose();
            _listener = new Listener();
        }
    }

    /// <summary>The top <paramref name="count"/> types by sampled bytes since <see cref="Start"/>, and stops listening.</summary>
    public IReadOnlyList<(string Type, long Bytes, long Ticks)> Stop(int count)
    {
        Listener? listener;
        lock (_lock)
        {
            listener = _listener;
            _listener = null;
        }
        if (listener is null) return [];
        listener.Dispose();
        return [.. listener.ByType.Select(entry => (entry.Key, entry.Value.Bytes, entry.Value.Ticks)).OrderByDescending(entry => entry.Bytes).Take(count)];
    }

    public void Dispose()
    {
        lock (_lock) _listener?.Dispose();
    }

    private sealed class Listener : EventListener
    {
        private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private const int AllocationTickEvent = 10;

        // Initialised before the base constructor runs, which already reports the existing event sources.
        public readonly ConcurrentDictionary<string, (long Bytes, long Ticks)> ByType = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == RuntimeSource) EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventId != AllocationTickEvent || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload) return;
            string? type = null;
            long bytes = 0;
            for (var i = 0; i < names.Count; i++)
            {
                switch (names[i])
                {
                    case "TypeName": type = payload[i] as string; break;
                    case "AllocationAmount64": bytes = Convert.ToInt64(payload[i]); break;
                    case "AllocationAmount" when bytes == 0: bytes = Convert.ToInt64(payload[i]); break;
                }
            }
            ByType.AddOrUpdate(type ?? "?", (bytes, 1), (_, total) => (total.Bytes + bytes, total.Ticks + 1));
        }
    }
}
