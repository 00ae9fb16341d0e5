namespace MailTracker.Messages;

/// <summary>One addressee of a message (<see cref="Kind"/> to, cc or bcc) with its recipient token and its own delivery.</summary>
[GenerateSerializer, Immutable, Alias("mt.EmailRecipient")]
public sealed record EmailRecipient(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Email,
    [property: Id(2)] long RecipientId,
    [property: Id(3)] string Token,
    [property: Id(4)] EmailStatus Status,
    [property: Id(5)] DateTimeOffset? SentAt,
    [property: Id(6)] DateTimeOffset? DeliveredAt,
    [property: Id(7)] string? BounceReason,
    [property: Id(8)] int Attempts);
