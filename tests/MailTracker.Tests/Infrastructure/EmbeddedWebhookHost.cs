namespace MailTracker.Tests.Infrastructure;

public sealed class EmbeddedWebhookHost() : ApiTestHost(settings: FastWebhooks.Settings);
