namespace MailTracker.Hits;

/// <summary>A token's grain did not answer within the hit path's short timeout.</summary>
public sealed class TokenUnavailableException(string token, Exception inner)
    : Exception($"The facts of token {token} could not be read in time.", inner);
