namespace MailTracker.Api.Recipients;

/// <summary>A recipient as created: its personal pixel URL and one personal URL per trackable link.</summary>
public sealed record CreatedRecipientResponse(
    long Id,
    string Email,
    string? Name,
    string? Subject,
    string Token,
    long Created,
    string? PixelUrl,
    IReadOnlyList<RecipientLinkUrl> Links);
