using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class PostgresTemplateApiTests(PostgresApiHost host) : TemplateApiTests<PostgresApiHost>(host);
