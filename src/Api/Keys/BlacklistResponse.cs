namespace MailTracker.Api.Keys;

public sealed record BlacklistResponse(IReadOnlyList<string> Blacklist);
