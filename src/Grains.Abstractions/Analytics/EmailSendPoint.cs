namespace MailTracker.Analytics;

/// <summary>
/// One point of TrackPost's email stats (<c>/analytics/emails</c> <c>by_date</c>): the live messages created on the local day,
/// week (its Monday) or month, per recipient copy — handed to the relay, accepted, refused for good — and their recipients a
/// person opened (clicked) so far.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.EmailSendPoint")]
public sealed record EmailSendPoint(
    [property: Id(0)] string Date,
    [property: Id(1)] long Sent,
    [property: Id(2)] long Delivered,
    [property: Id(3)] long Bounced,
    [property: Id(4)] long Opened,
    [property: Id(5)] long Clicked);
