using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

public sealed record MailTrackingState
{
    public long AccountId { get; set; }

    public DateTimeOffset Created { get; set; }

    public TrackingSettings? Settings { get; set; }

    public byte[] IpSalt { get; set; } = [];

    public long? PixelId { get; set; }

    public List<long> LinkIds { get; set; } = [];

    public bool Deleted { get; set; }

    /// <summary>The sent message that owns the tracking (its webhooks name it); null for an ordinary tracking.</summary>
    public long? EmailId { get; set; }
}
