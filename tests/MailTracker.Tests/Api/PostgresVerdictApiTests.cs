using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class PostgresVerdictApiTests(PostgresApiHost host) : VerdictApiTests<PostgresApiHost>(host);
