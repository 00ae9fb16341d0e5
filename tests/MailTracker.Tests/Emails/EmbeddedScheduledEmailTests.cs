using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

public sealed class EmbeddedScheduledEmailTests(EmbeddedSmtpHost host) : ScheduledEmailTests<EmbeddedSmtpHost>(host);
