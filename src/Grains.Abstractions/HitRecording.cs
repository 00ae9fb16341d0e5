using System.Net;
using MailTracker.Trackings;

namespace MailTracker.Hits;

/// <summary>What a hit endpoint saw of one request.</summary>
public sealed record HitRequest(IPAddress? ClientIp, string? UserAgent, string? CustomData, string? RecipientToken, bool IsHead);

/// <summary>
/// The silo-local front of the hit pipeline (PRODUCT.md §2): resolves tokens from a per-silo cache of
/// their grains' facts, and writes hits to the log, answering only after the group commit.
/// </summary>
public interface IHitRecorder
{
    /// <summary>The token's facts, or null when it is unknown, deleted, or of another kind.</summary>
    /// <exception cref="TokenUnavailableException">The token's grain did not answer in time (e.g. its silo just died).</exception>
    ValueTask<TokenFacts?> ResolveAsync(string token, HitKind kind);

    /// <summary>Logs a hit whose token could not be resolved, for the log tailer to resolve later; completes after commit.</summary>
    Task RecordUnresolvedAsync(string token, HitKind kind, HitRequest request);

    ValueTask<CustomImage?> GetImageAsync(string token);

    /// <summary>Applies the blacklist and the privacy settings, then appends to the log; completes after commit.</summary>
    Task RecordAsync(TokenFacts facts, HitRequest request);

    /// <summary>Drops this silo's cached facts of a token (after a change or delete made through this silo).</summary>
    void ForgetToken(string token);

    /// <summary>Drops this silo's cached blacklist of an account.</summary>
    void ForgetBlacklist(long accountId);
}

/// <summary>A token's grain did not answer within the hit path's short timeout.</summary>
public sealed class TokenUnavailableException(string token, Exception inner)
    : Exception($"The facts of token {token} could not be read in time.", inner);
