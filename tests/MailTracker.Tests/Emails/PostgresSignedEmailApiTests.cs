using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

public sealed class PostgresSignedEmailApiTests(PostgresSmtpHost host) : SignedEmailApiTests<PostgresSmtpHost>(host);
