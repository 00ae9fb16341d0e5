namespace MailTracker.Tests.Infrastructure;

public sealed class EmbeddedSmtpHost() : SmtpApiHost(new SmtpSink());
