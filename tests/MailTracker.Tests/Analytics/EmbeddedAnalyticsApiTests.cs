using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Analytics;

public sealed class EmbeddedAnalyticsApiTests(EmbeddedGeoIpApiHost host) : AnalyticsApiTests<EmbeddedGeoIpApiHost>(host);
