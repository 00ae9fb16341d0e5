using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class PostgresRecipientApiTests(PostgresApiHost host) : RecipientApiTests<PostgresApiHost>(host);
