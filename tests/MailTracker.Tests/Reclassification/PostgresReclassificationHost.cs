using MailTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace MailTracker.Tests.Reclassification;

public sealed class PostgresReclassificationHost : ApiTestHost
{
    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("reclassify");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ReclassificationHosting.Configure(builder);
    }
}
