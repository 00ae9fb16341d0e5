using BitFaster.Caching.Lru;

namespace MailTracker.Grains.Hits;

/// <summary>
/// uniqueOpensOnly for the partition tailers of a silo: which hits of a page are the first of their address (they claim it)
/// and which repeat an address another hit holds (they count nothing). Decided against the stored claims
/// (<see cref="IUniqueOpenStore"/>), with a bounded cache of committed claims in front, so a hot pixel's repeats mostly cost no
/// round trip and memory stays bounded however many addresses a pixel has seen. A cached claim never goes stale: it is
/// removed only with its entity, whose hits are then rejected before they get here.
/// </summary>
public sealed class UniqueOpenClaims(IUniqueOpenStore store)
{
    /// <summary>Claims kept per silo: a few hundred kilobytes.</summary>
    public const int CacheCapacity = 4_096;

    private readonly ConcurrentLru<EntityAddress, Guid> _committed = new(CacheCapacity);

    /// <summary>
    /// Adds to <paramref name="rejected"/> the hits of <paramref name="candidates"/> (in commit order) that repeat a claimed
    /// address or one claimed earlier in the page, and returns the claims of the rest, to commit with the page. Deciding the
    /// same hits again gives the same answer, as long as the claims returned were not committed.
    /// </summary>
    public async Task<IReadOnlyList<AddressClaim>> ClaimAsync(IReadOnlyList<AddressClaim> candidates, HashSet<Guid> rejected, CancellationToken cancellationToken = default)
    {
        // The first hit of each address not known to be claimed, in commit order.
        var first = new Dictionary<EntityAddress, Guid>();
        foreach (var (address, hitId) in candidates)
        {
            if (_committed.TryGet(address, out var holder) || first.TryGetValue(address, out holder))
            {
                if (holder != hitId) rejected.Add(hitId);
                continue;
            }
            first[address] = hitId;
        }
        if (first.Count == 0) return [];

        var stored = await store.ClaimsAsync(first.Keys, cancellationToken);
        var claims = new List<AddressClaim>(first.Count - stored.Count);
        foreach (var (address, hitId) in first)
        {
            if (!stored.TryGetValue(address, out var holder))
            {
                claims.Add(new AddressClaim(address, hitId));
                continue;
            }
            _committed.AddOrUpdate(address, holder);
            if (holder != hitId) rejected.Add(hitId);
        }
        return claims;
    }

    /// <summary>The claims of a page whose consumption committed.</summary>
    public void Committed(IReadOnlyList<AddressClaim> claims)
    {
        foreach (var (address, hitId) in claims) _committed.AddOrUpdate(address, hitId);
    }
}
