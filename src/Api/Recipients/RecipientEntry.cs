namespace MailTracker.Api.Recipients;

public sealed record RecipientEntry(string? Email, string? Name, string? Subject);
