namespace MailTracker.Api.Recipients;

/// <summary>Procurios' recipient (times ISO 8601), plus counts.</summary>
public sealed record RecipientResponse(
    long Id,
    string Token,
    long MailTrackingId,
    string Email,
    string? Name,
    string? Subject,
    DateTimeOffset Sent,
    DateTimeOffset? FirstOpen,
    DateTimeOffset? FirstBotOpen,
    DateTimeOffset? FirstClick,
    DateTimeOffset? FirstBotClick,
    DateTimeOffset? Unsubscribed,
    DateTimeOffset? Bounced,
    DateTimeOffset LastUpdate,
    long Opens,
    long BotOpens,
    long Clicks,
    long BotClicks);
