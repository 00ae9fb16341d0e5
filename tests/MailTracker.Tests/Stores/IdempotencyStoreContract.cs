using MailTracker.Grains.Idempotency;

namespace MailTracker.Tests.Stores;

/// <summary>What the Idempotency-Key middleware relies on from an <see cref="IIdempotencyStore"/>, whichever backend holds it (one account per test).</summary>
public abstract class IdempotencyStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Request = [1, 2, 3];
    private static readonly byte[] OtherRequest = [1, 2, 4];

    protected abstract IIdempotencyStore Store { get; }

    [Fact]
    public async Task A_reserved_key_is_in_progress_for_the_same_request_and_taken_for_another_until_completed()
    {
        var account = NewAccount();
        var reserved = await ReserveAsync(account, "k1", Request);
        Assert.Equal(IdempotencyClaimKind.Reserved, reserved.Kind);

        Assert.Equal(IdempotencyClaimKind.InProgress, (await ReserveAsync(account, "k1", Request)).Kind);
        Assert.Equal(IdempotencyClaimKind.OtherRequest, (await ReserveAsync(account, "k1", OtherRequest)).Kind);
        // Other keys of the account, and the same key of another account, are other entries.
        Assert.Equal(IdempotencyClaimKind.Reserved, (await ReserveAsync(account, "k2", Request)).Kind);
        Assert.Equal(IdempotencyClaimKind.Reserved, (await ReserveAsync(NewAccount(), "k1", Request)).Kind);
    }

    [Fact]
    public async Task A_completed_key_replays_its_response_to_the_same_request_until_it_expires()
    {
        var account = NewAccount();
        var reserved = await ReserveAsync(account, "k", Request);
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json; charset=utf-8", ["Location"] = "/api/v1/mail-tracking/7" };
        await Store.CompleteAsync(account, "k", reserved.Reservation, new StoredResponse(201, headers, [7, 8, 9]), Now.AddHours(24));

        var replay = await ReserveAsync(account, "k", Request, Now.AddHours(23));
        Assert.Equal(IdempotencyClaimKind.Replay, replay.Kind);
        Assert.Equal(201, replay.Response!.Status);
        Assert.Equal(headers, replay.Response.Headers);
        Assert.Equal([7, 8, 9], replay.Response.Body);
        Assert.Equal(IdempotencyClaimKind.OtherRequest, (await ReserveAsync(account, "k", OtherRequest, Now.AddHours(23))).Kind);

        // Expired, the key is free again, for any request.
        Assert.Equal(IdempotencyClaimKind.Reserved, (await ReserveAsync(account, "k", OtherRequest, Now.AddHours(24))).Kind);
    }

    [Fact]
    public async Task An_empty_body_is_replayed_empty()
    {
        var account = NewAccount();
        var reserved = await ReserveAsync(account, "k", Request);
        await Store.CompleteAsync(account, "k", reserved.Reservation, new StoredResponse(404, new Dictionary<string, string>(), []), Now.AddHours(24));

        var replay = await ReserveAsync(account, "k", Request);
        Assert.Equal(404, replay.Response!.Status);
        Assert.Empty(replay.Response.Headers);
        Assert.Empty(replay.Response.Body);
    }

    [Fact]
    public async Task A_released_key_is_free_for_the_next_request()
    {
        var account = NewAccount();
        var reserved = await ReserveAsync(account, "k", Request);
        await Store.ReleaseAsync(account, "k", reserved.Reservation);

        Assert.Equal(IdempotencyClaimKind.Reserved, (await ReserveAsync(account, "k", Request)).Kind);
    }

    [Fact]
    public async Task A_reservation_that_outlived_its_pending_time_is_taken_over_and_can_no_longer_complete_or_release()
    {
        var account = NewAccount();
        var abandoned = await ReserveAsync(account, "k", Request);
        var retry = await ReserveAsync(account, "k", Request, Now.AddMinutes(1));
        Assert.Equal(IdempotencyClaimKind.Reserved, retry.Kind);
        Assert.NotEqual(abandoned.Reservation, retry.Reservation);

        // The first request answering late changes nothing: the key is the retry's.
        await Store.CompleteAsync(account, "k", abandoned.Reservation, new StoredResponse(201, new Dictionary<string, string>(), [1]), Now.AddHours(24));
        await Store.ReleaseAsync(account, "k", abandoned.Reservation);
        Assert.Equal(IdempotencyClaimKind.InProgress, (await ReserveAsync(account, "k", Request, Now.AddMinutes(1))).Kind);

        await Store.CompleteAsync(account, "k", retry.Reservation, new StoredResponse(201, new Dictionary<string, string>(), [2]), Now.AddHours(24));
        Assert.Equal([2], (await ReserveAsync(account, "k", Request, Now.AddMinutes(2))).Response!.Body);
    }

    [Fact]
    public async Task Of_concurrent_reservations_of_one_key_exactly_one_wins()
    {
        var account = NewAccount();
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ReserveAsync(account, "k", Request))));

        Assert.Single(claims, c => c.Kind == IdempotencyClaimKind.Reserved);
        Assert.All(claims.Where(c => c.Kind != IdempotencyClaimKind.Reserved), c => Assert.Equal(IdempotencyClaimKind.InProgress, c.Kind));
    }

    [Fact]
    public async Task Deleting_expired_entries_keeps_the_live_ones()
    {
        var account = NewAccount();
        // Far in the future, so that other tests' entries (all before) are expired too and nothing of this test is left to chance.
        var later = Now.AddYears(1);
        var old = await ReserveAsync(account, "old", Request, later);
        await Store.CompleteAsync(account, "old", old.Reservation, new StoredResponse(200, new Dictionary<string, string>(), [1]), later.AddHours(1));
        var live = await ReserveAsync(account, "live", Request, later);
        await Store.CompleteAsync(account, "live", live.Reservation, new StoredResponse(200, new Dictionary<string, string>(), [2]), later.AddHours(3));

        Assert.True(await Store.DeleteExpiredAsync(later.AddHours(2)) >= 1);

        Assert.Equal([2], (await ReserveAsync(account, "live", Request, later.AddHours(2))).Response!.Body);
        Assert.Equal(IdempotencyClaimKind.Reserved, (await ReserveAsync(account, "old", OtherRequest, later.AddHours(2))).Kind);
    }

    private Task<IdempotencyClaim> ReserveAsync(long account, string key, byte[] request, DateTimeOffset? now = null) =>
        Store.ReserveAsync(account, key, request, now ?? Now, (now ?? Now).AddMinutes(1));

    private static long NewAccount() => Random.Shared.NextInt64(1, long.MaxValue);
}
