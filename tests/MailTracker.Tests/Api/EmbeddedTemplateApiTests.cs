using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class EmbeddedTemplateApiTests(EmbeddedApiHost host) : TemplateApiTests<EmbeddedApiHost>(host);
