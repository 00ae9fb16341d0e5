namespace MailTracker.Sessions;

/// <summary>
/// What a tracking page session was started with: the account, the grain key of the API key that signed in (so the session
/// ends when that key is revoked) and when it expires.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.TrackingSessionGrant")]
public sealed record TrackingSessionGrant(
    [property: Id(0)] long AccountId,
    [property: Id(1)] string ApiKeyGrainKey,
    [property: Id(2)] DateTimeOffset Expires);
