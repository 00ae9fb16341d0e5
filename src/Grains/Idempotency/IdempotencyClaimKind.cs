namespace MailTracker.Grains.Idempotency;

public enum IdempotencyClaimKind
{
    /// <summary>The key was free: the request runs under the claim's reservation.</summary>
    Reserved,

    /// <summary>The same request ran before: its stored response is answered again.</summary>
    Replay,

    /// <summary>The same request is still running under the key.</summary>
    InProgress,

    /// <summary>The key belongs to a request with another method, path, query or body.</summary>
    OtherRequest,
}
