using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class EmbeddedIdempotencyApiTests(EmbeddedApiHost host) : IdempotencyApiTests<EmbeddedApiHost>(host);
