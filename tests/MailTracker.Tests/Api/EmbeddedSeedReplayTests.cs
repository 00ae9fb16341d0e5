using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class EmbeddedSeedReplayTests(EmbeddedApiHost host) : SeedReplayTests<EmbeddedApiHost>(host);
