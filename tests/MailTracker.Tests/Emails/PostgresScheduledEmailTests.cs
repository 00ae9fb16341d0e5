using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

public sealed class PostgresScheduledEmailTests(PostgresSmtpHost host) : ScheduledEmailTests<PostgresSmtpHost>(host);
