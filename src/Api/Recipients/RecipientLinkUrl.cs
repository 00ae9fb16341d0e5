namespace MailTracker.Api.Recipients;

public sealed record RecipientLinkUrl(long Id, string Url);
