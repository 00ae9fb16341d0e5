using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Domains;

public sealed class PostgresDomainApiTests(PostgresDomainHost host) : DomainApiTests<PostgresDomainHost>(host);
