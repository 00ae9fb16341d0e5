using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class PostgresTrackingApiTests(PostgresApiHost host) : TrackingApiTests<PostgresApiHost>(host);
