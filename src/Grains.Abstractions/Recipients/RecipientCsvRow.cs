namespace MailTracker.Recipients;

/// <summary>One line of a recipients CSV export.</summary>
public sealed record RecipientCsvRow(string Email, string Token, DateTimeOffset Created);
