namespace MailTracker.Tests.Infrastructure;

/// <summary>The embedded host with MaxMind's GeoIP2 City test database as its GeoIP database.</summary>
public sealed class EmbeddedGeoIpApiHost() : ApiTestHost(settings: GeoIpTestData.CitySettings);
