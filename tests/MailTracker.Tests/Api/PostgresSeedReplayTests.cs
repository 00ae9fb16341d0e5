using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class PostgresSeedReplayTests(PostgresApiHost host) : SeedReplayTests<PostgresApiHost>(host);
