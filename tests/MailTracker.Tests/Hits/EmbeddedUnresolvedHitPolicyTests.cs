using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Hits;

public sealed class EmbeddedUnresolvedHitPolicyTests(EmbeddedApiHost host) : UnresolvedHitPolicyTests<EmbeddedApiHost>(host);
