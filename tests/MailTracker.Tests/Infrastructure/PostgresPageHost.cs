namespace MailTracker.Tests.Infrastructure;

/// <summary>The PostgreSQL host with the GeoIP test database, on a real port for a browser.</summary>
public sealed class PostgresPageHost() : ApiTestHost(settings: GeoIpTestData.CitySettings)
{
    protected override bool ListensOnPort => true;

    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("pages");
}
