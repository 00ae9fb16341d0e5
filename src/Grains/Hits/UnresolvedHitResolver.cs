using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Resolves hits that were logged raw because their token's grain did not answer in time: each gets its token's facts, its
/// <c>?r=</c> recipient and its account's blacklist now, and the same <see cref="HitPolicy"/> as at request time, so it ends as
/// the row, the verdict and the recipient counts it would have had. A look-up that fails throws: the tailer retries the batch
/// rather than resolve a hit differently.
/// </summary>
public sealed class UnresolvedHitResolver(HitLookups lookups, HitPolicy policy)
{
    public async Task<IReadOnlyList<Hit>> ResolveAsync(IEnumerable<Hit> raw)
    {
        var resolved = new List<Hit>();
        foreach (var hit in raw)
        {
            // An unknown or deleted token records nothing, as it would have at request time.
            if (await lookups.FactsAsync(hit.Token!) is not { } facts || facts.Kind != hit.Kind) continue;
            var input = HitPolicy.Input(hit);
            // The same order as the intake's: the blacklist first, then the recipient.
            if (HitPolicy.IsBlacklisted(await lookups.BlacklistAsync(facts.AccountId), input.Ip)) continue;
            resolved.Add(policy.Apply(input, facts, await lookups.RecipientAsync(hit.RecipientToken)));
        }
        return resolved;
    }
}
