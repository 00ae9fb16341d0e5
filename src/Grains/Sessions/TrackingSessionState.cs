using MailTracker.Sessions;

namespace MailTracker.Grains.Sessions;

public sealed record TrackingSessionState
{
    public TrackingSessionGrant? Grant { get; set; }
}
