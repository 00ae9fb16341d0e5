using MailTracker.Trackings;

namespace MailTracker.Hits;

/// <summary>
/// The intake of the hit pipeline, on the hit path of each silo: resolves tokens from this silo's cache of their grains'
/// facts, applies the hit policy and appends the hit to the log, completing only after the group commit.
/// </summary>
public interface IHitIntake
{
    /// <summary>The token's facts, or null when it is unknown, deleted, or of another kind.</summary>
    /// <exception cref="TokenUnavailableException">The token's grain did not answer in time (e.g. its silo just died).</exception>
    ValueTask<TokenFacts?> ResolveAsync(string token, HitKind kind);

    /// <summary>
    /// The token's facts when they are known without a grain call (a malformed token: null; a cached one), from its
    /// characters, so that a hit in the steady state makes no string of its token; false: ask <see cref="ResolveAsync"/>.
    /// </summary>
    bool TryResolveCached(ReadOnlySpan<char> token, HitKind kind, out TokenFacts? facts);

    /// <summary>
    /// <see cref="ResolveAsync"/> past the cache, for a token <see cref="TryResolveCached"/> has just missed (so that a miss is
    /// looked up, and counted, once).
    /// </summary>
    /// <exception cref="TokenUnavailableException">The token's grain did not answer in time (e.g. its silo just died).</exception>
    ValueTask<TokenFacts?> LoadAsync(string token, HitKind kind);

    /// <summary>Logs a hit whose token could not be resolved, raw, for the partition tailer to resolve later; completes after commit.</summary>
    Task RecordUnresolvedAsync(string token, HitKind kind, HitRequest request);

    ValueTask<CustomImage?> GetImageAsync(string token);

    /// <summary>Applies the hit policy (blacklist, recipient, bot verdict, privacy), then appends to the log; completes after commit.</summary>
    Task RecordAsync(TokenFacts facts, HitRequest request);
}
