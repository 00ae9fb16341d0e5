using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class EmbeddedWebhookApiTests(EmbeddedWebhookHost host) : WebhookApiTests<EmbeddedWebhookHost>(host);
