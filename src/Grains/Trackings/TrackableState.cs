using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

public sealed record TrackableState
{
    public TrackableSpec? Spec { get; set; }

    public DateTimeOffset Created { get; set; }

    public bool Enabled { get; set; }

    public bool UniqueOpensOnly { get; set; }

    /// <summary>
    /// uniqueOpensOnly: every counted hit's address is claimed (false from the moment it is switched on for an entity with
    /// hits, and for state written before claims were stored, until the entity's first unique-only decision claims them).
    /// </summary>
    public bool SeenAddressesClaimed { get; set; }

    public bool Deleted { get; set; }
}
