using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

public sealed class EmbeddedEmailApiTests(EmbeddedSmtpHost host) : EmailApiTests<EmbeddedSmtpHost>(host);
