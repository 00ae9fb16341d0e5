namespace MailTracker.Sessions;

/// <summary>
/// A signed-in tracking page session, keyed by a hash of its cookie's random token (<see cref="GrainKeys.ForSession"/>): one
/// cluster-wide authority, so the session works on every silo and the token itself is stored nowhere.
/// </summary>
[Alias("mt.ITrackingSessionGrain")]
public interface ITrackingSessionGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(TrackingSessionGrant grant);

    /// <summary>The session's account; null when there is no session, it expired, or its API key was revoked.</summary>
    [Alias("GetAccount")]
    Task<long?> GetAccountAsync();

    [Alias("End")]
    Task EndAsync();
}
