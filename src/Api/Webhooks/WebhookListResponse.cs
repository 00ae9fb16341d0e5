namespace MailTracker.Api.Webhooks;

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Webhooks);
