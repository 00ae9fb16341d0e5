namespace MailTracker.Grains.Messages;

/// <summary>One recipient of a message still to hand to the relay, and how often that was tried.</summary>
public sealed record OutboxEntry(long EmailId, string RecipientToken, int Attempts);
