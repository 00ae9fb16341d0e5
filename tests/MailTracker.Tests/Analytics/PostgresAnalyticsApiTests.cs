using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Analytics;

public sealed class PostgresAnalyticsApiTests(PostgresGeoIpApiHost host) : AnalyticsApiTests<PostgresGeoIpApiHost>(host);
