namespace MailTracker.Grains.Idempotency;

/// <summary>
/// The embedded default's idempotency keys, bounded: when <paramref name="capacity"/> entries are held, the expired ones go, and if
/// that is not enough the completed ones that expire first (a running request's reservation is never dropped).
/// </summary>
public sealed class InMemoryIdempotencyStore(int capacity = InMemoryIdempotencyStore.DefaultCapacity) : IIdempotencyStore
{
    public const int DefaultCapacity = 10_000;

    private readonly Dictionary<(long Account, string Key), Entry> _entries = [];
    private readonly Lock _gate = new();

    public Task<IdempotencyClaim> ReserveAsync(long accountId, string key, byte[] requestHash, DateTimeOffset now, DateTimeOffset pendingUntil, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((accountId, key), out var held) && held.ExpiresAt > now)
            {
                return Task.FromResult(!held.RequestHash.AsSpan().SequenceEqual(requestHash) ? IdempotencyClaim.OtherRequest
                    : held.Response is { } response ? IdempotencyClaim.Replay(response)
                    : IdempotencyClaim.InProgress);
            }
            if (held is null && _entries.Count >= capacity) MakeRoom(now);
            var reservation = Guid.NewGuid();
            _entries[(accountId, key)] = new Entry(reservation, requestHash, pendingUntil, null);
            return Task.FromResult(IdempotencyClaim.Reserved(reservation));
        }
    }

    public Task CompleteAsync(long accountId, string key, Guid reservation, StoredResponse response, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((accountId, key), out var held) && held.Reservation == reservation)
            {
                _entries[(accountId, key)] = held with { ExpiresAt = expiresAt, Response = response };
            }
        }
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(long accountId, string key, Guid reservation, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((accountId, key), out var held) && held.Reservation == reservation) _entries.Remove((accountId, key));
        }
        return Task.CompletedTask;
    }

    public Task<long> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult((long)DeleteExpired(now));
    }

    private int DeleteExpired(DateTimeOffset now) => _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList().Count(_entries.Remove);

    private void MakeRoom(DateTimeOffset now)
    {
        if (DeleteExpired(now) > 0 && _entries.Count < capacity) return;
        // A tenth at a time, so that a full store sorts once per many new keys rather than on each.
        var completed = _entries.Where(e => e.Value.Response is not null).OrderBy(e => e.Value.ExpiresAt)
            .Take(Math.Max(1, capacity / 10)).Select(e => e.Key).ToList();
        foreach (var key in completed) _entries.Remove(key);
    }

    private sealed record Entry(Guid Reservation, byte[] RequestHash, DateTimeOffset ExpiresAt, StoredResponse? Response);
}
