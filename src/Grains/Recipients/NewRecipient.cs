using MailTracker.Recipients;

namespace MailTracker.Grains.Recipients;

/// <summary>A recipient to insert: its id and token are new, and used only if its email is new to the tracking.</summary>
public readonly record struct NewRecipient(long Id, string Token, RecipientSpec Spec);
