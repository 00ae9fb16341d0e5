namespace MailTracker.Webhooks;

/// <summary>A webhook as created: its secret is shown this once.</summary>
[GenerateSerializer, Immutable, Alias("mt.CreatedWebhook")]
public sealed record CreatedWebhook([property: Id(0)] WebhookInfo Webhook, [property: Id(1)] string Secret);
