using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

public sealed class PostgresEmailApiTests(PostgresSmtpHost host) : EmailApiTests<PostgresSmtpHost>(host);
