namespace MailTracker.Tests.Infrastructure;

public sealed class ProxiedApiHost() : ApiTestHost(trustedProxies: "10.9.0.0/16");
