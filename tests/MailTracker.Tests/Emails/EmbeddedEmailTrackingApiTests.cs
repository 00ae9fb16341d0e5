using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Emails;

public sealed class EmbeddedEmailTrackingApiTests(EmbeddedSmtpHost host) : EmailTrackingApiTests<EmbeddedSmtpHost>(host);
