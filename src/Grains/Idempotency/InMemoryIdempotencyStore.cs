namespace MailTracker.Grains.Idempotency;

/// <summary>
/// The embedded default's idempotency keys, bounded in number (<paramref name="capacity"/>) and in stored bodies
/// (<paramref name="maxBodyBytes"/>): beyond either, the expired entries go, and if that is not enough the completed ones that
/// expire first (a running request's reservation is never dropped).
/// </summary>
public sealed class InMemoryIdempotencyStore(int capacity = InMemoryIdempotencyStore.DefaultCapacity, long maxBodyBytes = InMemoryIdempotencyStore.DefaultMaxBodyBytes)
    : IIdempotencyStore
{
    public const int DefaultCapacity = 10_000;
    public const long DefaultMaxBodyBytes = 64 * 1024 * 1024;

    private readonly Dictionary<(long Account, string Key), Entry> _entries = [];
    private readonly Lock _gate = new();
    private long _bodyBytes;

    private bool Full => _entries.Count >= capacity || _bodyBytes > maxBodyBytes;

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
            if (held is not null) Remove((accountId, key));
            // A tenth of the capacity at a time, so that a full store sorts once per many new keys rather than on each.
            if (_entries.Count >= capacity) MakeRoom(now, Math.Max(1, capacity / 10));
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
                // A body beyond the whole budget is not kept: the key is free again, as after a response that is not kept.
                if (response.Body.Length > maxBodyBytes)
                {
                    Remove((accountId, key));
                    return Task.CompletedTask;
                }
                _entries[(accountId, key)] = held with { ExpiresAt = expiresAt, Response = response };
                _bodyBytes += response.Body.Length;
                if (_bodyBytes > maxBodyBytes) MakeRoom(DateTimeOffset.MinValue, 0);
            }
        }
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(long accountId, string key, Guid reservation, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((accountId, key), out var held) && held.Reservation == reservation) Remove((accountId, key));
        }
        return Task.CompletedTask;
    }

    public Task<long> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult((long)DeleteExpired(now));
    }

    private int DeleteExpired(DateTimeOffset now) => _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList().Count(Remove);

    /// <summary>Deletes the expired entries, then the completed ones that expire first until the store is not full and at least <paramref name="atLeast"/> went.</summary>
    private void MakeRoom(DateTimeOffset now, int atLeast)
    {
        if (DeleteExpired(now) > 0 && !Full) return;
        var byExpiry = _entries.Where(e => e.Value.Response is not null).OrderBy(e => e.Value.ExpiresAt).Select(e => e.Key).ToList();
        var dropped = 0;
        foreach (var key in byExpiry)
        {
            if (!Full && dropped >= atLeast) break;
            Remove(key);
            dropped++;
        }
    }

    private bool Remove((long Account, string Key) key)
    {
        if (!_entries.Remove(key, out var entry)) return false;
        _bodyBytes -= entry.Response?.Body.Length ?? 0;
        return true;
    }

    private sealed record Entry(Guid Reservation, byte[] RequestHash, DateTimeOffset ExpiresAt, StoredResponse? Response);
}
