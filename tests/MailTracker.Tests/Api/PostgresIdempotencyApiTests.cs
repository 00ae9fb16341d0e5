using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class PostgresIdempotencyApiTests(PostgresApiHost host) : IdempotencyApiTests<PostgresApiHost>(host);
