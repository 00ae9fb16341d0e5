namespace MailTracker.Tests.Infrastructure;

/// <summary>The embedded host with the GeoIP test database, on a real port for a browser.</summary>
public sealed class EmbeddedPageHost() : ApiTestHost(settings: GeoIpTestData.CitySettings)
{
    protected override bool ListensOnPort => true;
}
