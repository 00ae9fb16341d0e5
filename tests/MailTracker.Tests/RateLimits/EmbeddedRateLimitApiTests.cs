using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.RateLimits;

public sealed class EmbeddedRateLimitApiTests(EmbeddedApiHost host) : RateLimitApiTests<EmbeddedApiHost>(host);
