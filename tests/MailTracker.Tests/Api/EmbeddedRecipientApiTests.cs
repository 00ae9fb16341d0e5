using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class EmbeddedRecipientApiTests(EmbeddedApiHost host) : RecipientApiTests<EmbeddedApiHost>(host);
