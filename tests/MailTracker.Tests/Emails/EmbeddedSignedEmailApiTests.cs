using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

public sealed class EmbeddedSignedEmailApiTests(EmbeddedSmtpHost host) : SignedEmailApiTests<EmbeddedSmtpHost>(host);
