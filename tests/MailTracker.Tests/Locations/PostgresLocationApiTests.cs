using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Locations;

public sealed class PostgresLocationApiTests(PostgresGeoIpApiHost host) : LocationApiTests<PostgresGeoIpApiHost>(host);
