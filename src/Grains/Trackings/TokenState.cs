using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

public sealed record TokenState
{
    public TokenFacts? Facts { get; set; }

    public CustomImage? Image { get; set; }

    public bool Deleted { get; set; }
}
