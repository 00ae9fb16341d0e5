namespace MailTracker.Messages;

/// <summary>A link of the message's HTML or text and the trackable URL that stands for it.</summary>
[GenerateSerializer, Immutable, Alias("mt.EmailLink")]
public sealed record EmailLink([property: Id(0)] string OriginalUrl, [property: Id(1)] string TrackableUrl);
