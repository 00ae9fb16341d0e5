using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The claims of addresses under uniqueOpensOnly: which hit counts for each address of a pixel or link. Claims are written
/// only by the consumption commit that counts their hits (<see cref="HitConsumption.Claims"/>, refused as a whole when an
/// address is held by another hit) and removed with the entity's data (<see cref="IHitDataStore.DeleteAsync"/>).
/// </summary>
public interface IUniqueOpenStore
{
    /// <summary>The hits that hold those of <paramref name="addresses"/> that are claimed.</summary>
    Task<IReadOnlyDictionary<EntityAddress, Guid>> ClaimsAsync(IReadOnlyCollection<EntityAddress> addresses, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims each address of the entity's decided hits for the first of them (uniqueOpensOnly switched on for an entity that
    /// already counted hits: the addresses seen before count as seen). Claims already made stay.
    /// </summary>
    Task ClaimSeenAsync(HitKind kind, long entityId, CancellationToken cancellationToken = default);
}
