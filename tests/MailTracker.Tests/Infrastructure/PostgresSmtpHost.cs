namespace MailTracker.Tests.Infrastructure;

public sealed class PostgresSmtpHost() : SmtpApiHost(new SmtpSink())
{
    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("emails");
}
