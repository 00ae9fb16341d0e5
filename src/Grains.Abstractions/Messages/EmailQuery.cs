namespace MailTracker.Messages;

/// <summary>A page of an account's messages, newest first, filtered by what is given.</summary>
public sealed record EmailQuery(
    EmailStatus? Status,
    DateTimeOffset? FromDate,
    DateTimeOffset? ToDate,
    string? To,
    string? From,
    IReadOnlyList<string> Tags,
    int Offset,
    int Limit);
