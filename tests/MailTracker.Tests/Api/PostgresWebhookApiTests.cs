using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class PostgresWebhookApiTests(PostgresWebhookHost host) : WebhookApiTests<PostgresWebhookHost>(host);
