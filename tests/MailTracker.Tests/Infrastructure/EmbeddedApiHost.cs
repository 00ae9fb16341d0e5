namespace MailTracker.Tests.Infrastructure;

public sealed class EmbeddedApiHost : ApiTestHost;
