using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class EmbeddedVerdictApiTests(EmbeddedApiHost host) : VerdictApiTests<EmbeddedApiHost>(host);
