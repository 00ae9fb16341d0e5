using MailTracker.Grains.Idempotency;
using MailTracker.Grains.Storage;

namespace MailTracker.Tests.Stores;

public sealed class InMemoryIdempotencyStoreTests : IdempotencyStoreContract
{
    protected override IIdempotencyStore Store { get; } = new InMemoryStorage().Idempotency;

    [Fact]
    public async Task A_full_store_drops_the_completed_keys_that_expire_first_and_never_a_running_request()
    {
        var store = new InMemoryIdempotencyStore(capacity: 10);
        var now = DateTimeOffset.UtcNow;
        await store.ReserveAsync(1, "running", [1], now, now.AddMinutes(1));
        for (var i = 0; i < 9; i++)
        {
            var claim = await store.ReserveAsync(1, $"done{i}", [1], now, now.AddMinutes(1));
            await store.CompleteAsync(1, $"done{i}", claim.Reservation, new StoredResponse(200, new Dictionary<string, string>(), [1]), now.AddHours(1 + i));
        }

        Assert.Equal(IdempotencyClaimKind.Reserved, (await store.ReserveAsync(1, "new", [1], now, now.AddMinutes(1))).Kind);

        Assert.Equal(IdempotencyClaimKind.InProgress, (await store.ReserveAsync(1, "running", [1], now, now.AddMinutes(1))).Kind);
        Assert.Equal(IdempotencyClaimKind.Reserved, (await store.ReserveAsync(1, "done0", [1], now, now.AddMinutes(1))).Kind);
        Assert.Equal(IdempotencyClaimKind.Replay, (await store.ReserveAsync(1, "done8", [1], now, now.AddMinutes(1))).Kind);
    }

    [Fact]
    public async Task Stored_bodies_beyond_the_byte_budget_drop_the_completed_keys_that_expire_first()
    {
        var store = new InMemoryIdempotencyStore(capacity: 100, maxBodyBytes: 10);
        var now = DateTimeOffset.UtcNow;
        foreach (var (key, bytes, hours) in new[] { ("a", 4, 1), ("b", 4, 2), ("c", 4, 3), ("huge", 11, 4) })
        {
            var claim = await store.ReserveAsync(1, key, [1], now, now.AddMinutes(1));
            await store.CompleteAsync(1, key, claim.Reservation, new StoredResponse(200, new Dictionary<string, string>(), new byte[bytes]), now.AddHours(hours));
        }

        Assert.Equal(IdempotencyClaimKind.Reserved, (await store.ReserveAsync(1, "a", [1], now, now.AddMinutes(1))).Kind);
        Assert.Equal(IdempotencyClaimKind.Replay, (await store.ReserveAsync(1, "b", [1], now, now.AddMinutes(1))).Kind);
        Assert.Equal(IdempotencyClaimKind.Replay, (await store.ReserveAsync(1, "c", [1], now, now.AddMinutes(1))).Kind);
        // Larger than the whole budget: not kept at all.
        Assert.Equal(IdempotencyClaimKind.Reserved, (await store.ReserveAsync(1, "huge", [1], now, now.AddMinutes(1))).Kind);
    }
}
