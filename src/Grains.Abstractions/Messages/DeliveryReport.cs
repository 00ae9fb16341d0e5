namespace MailTracker.Messages;

/// <summary>
/// What the relay answered for one recipient: <see cref="EmailStatus.Delivered"/> (accepted), <see cref="EmailStatus.Bounced"/>
/// (a permanent refusal, with the server's reason) or <see cref="EmailStatus.Failed"/> (given up after the retries).
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.DeliveryReport")]
public sealed record DeliveryReport([property: Id(0)] string RecipientToken, [property: Id(1)] EmailStatus Outcome, [property: Id(2)] string? Reason, [property: Id(3)] DateTimeOffset At);
