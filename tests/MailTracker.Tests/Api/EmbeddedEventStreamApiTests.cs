using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class EmbeddedEventStreamApiTests(EmbeddedApiHost host) : EventStreamApiTests<EmbeddedApiHost>(host);
