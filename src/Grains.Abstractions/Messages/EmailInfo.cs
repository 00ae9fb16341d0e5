namespace MailTracker.Messages;

/// <summary>
/// A message: what was asked, the mail tracking that counts its opens and clicks (its pixel and one trackable link per
/// distinct URL), and each recipient's delivery. The counters are filled in when it is read.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.EmailInfo")]
public sealed record EmailInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long AccountId,
    [property: Id(2)] DateTimeOffset Created,
    [property: Id(3)] EmailDraft Draft,
    [property: Id(4)] long TrackingId,
    [property: Id(5)] string? PixelUrl,
    [property: Id(6)] IReadOnlyList<EmailLink> Links,
    [property: Id(7)] IReadOnlyList<EmailRecipient> Recipients,
    [property: Id(8)] EmailStatus Status,
    [property: Id(9)] DateTimeOffset? SentAt,
    [property: Id(10)] DateTimeOffset? DeliveredAt,
    [property: Id(11)] string? BounceReason,
    [property: Id(12)] DateTimeOffset? OpenedAt = null,
    [property: Id(13)] long OpensCount = 0,
    [property: Id(14)] long ClicksCount = 0);
