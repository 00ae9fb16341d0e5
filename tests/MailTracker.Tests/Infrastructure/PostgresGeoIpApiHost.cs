namespace MailTracker.Tests.Infrastructure;

/// <summary>The PostgreSQL host with MaxMind's GeoIP2 City test database as its GeoIP database.</summary>
public sealed class PostgresGeoIpApiHost() : ApiTestHost(settings: GeoIpTestData.CitySettings)
{
    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("geoip");
}
