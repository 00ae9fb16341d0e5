namespace MailTracker.Grains.Idempotency;

/// <summary>What <see cref="IIdempotencyStore.ReserveAsync"/> found: a new reservation, or the entry that holds the key.</summary>
public sealed record IdempotencyClaim(IdempotencyClaimKind Kind, Guid Reservation = default, StoredResponse? Response = null)
{
    public static IdempotencyClaim Reserved(Guid reservation) => new(IdempotencyClaimKind.Reserved, reservation);

    public static IdempotencyClaim Replay(StoredResponse response) => new(IdempotencyClaimKind.Replay, Response: response);

    public static IdempotencyClaim InProgress { get; } = new(IdempotencyClaimKind.InProgress);

    public static IdempotencyClaim OtherRequest { get; } = new(IdempotencyClaimKind.OtherRequest);
}
