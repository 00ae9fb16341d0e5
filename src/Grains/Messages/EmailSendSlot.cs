namespace MailTracker.Grains.Messages;

/// <summary>
/// The live (not test) messages an account created in one UTC quarter hour: their recipients handed to the relay
/// (<see cref="Sent"/>: sent, delivered or bounced), accepted, refused for good, and those a person opened or clicked.
/// </summary>
public sealed record EmailSendSlot(DateTimeOffset Start, long Sent, long Delivered, long Bounced, long Opened, long Clicked);
