namespace MailTracker.Tests.Infrastructure;

public sealed class PostgresApiHost : ApiTestHost
{
    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("api");
}
