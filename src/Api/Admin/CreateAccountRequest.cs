namespace MailTracker.Api.Admin;

public sealed record CreateAccountRequest(string? Name, string? Plan);
