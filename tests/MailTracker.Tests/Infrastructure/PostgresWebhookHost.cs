namespace MailTracker.Tests.Infrastructure;

public sealed class PostgresWebhookHost() : ApiTestHost(settings: FastWebhooks.Settings)
{
    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("webhooks");
}
