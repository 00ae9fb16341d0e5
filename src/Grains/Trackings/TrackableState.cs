using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

public sealed record TrackableState
{
    public TrackableSpec? Spec { get; set; }

    public DateTimeOffset Created { get; set; }

    public bool Enabled { get; set; }

    public bool UniqueOpensOnly { get; set; }

    public bool Deleted { get; set; }
}
