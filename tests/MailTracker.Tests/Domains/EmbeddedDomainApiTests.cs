using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Domains;

public sealed class EmbeddedDomainApiTests(EmbeddedDomainHost host) : DomainApiTests<EmbeddedDomainHost>(host);
