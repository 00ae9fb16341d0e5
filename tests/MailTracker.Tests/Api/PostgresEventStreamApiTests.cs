using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class PostgresEventStreamApiTests(PostgresApiHost host) : EventStreamApiTests<PostgresApiHost>(host);
