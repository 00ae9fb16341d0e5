using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

public sealed class EmbeddedTrackingApiTests(EmbeddedApiHost host) : TrackingApiTests<EmbeddedApiHost>(host);
