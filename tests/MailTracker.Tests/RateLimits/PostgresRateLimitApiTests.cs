using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.RateLimits;

public sealed class PostgresRateLimitApiTests(PostgresApiHost host) : RateLimitApiTests<PostgresApiHost>(host);
