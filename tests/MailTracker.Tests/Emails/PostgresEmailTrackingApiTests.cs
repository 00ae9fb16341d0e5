using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

public sealed class PostgresEmailTrackingApiTests(PostgresSmtpHost host) : EmailTrackingApiTests<PostgresSmtpHost>(host);
