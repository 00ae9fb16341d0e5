namespace MailTracker.Tests.Infrastructure;

public sealed class EmbeddedDomainHost : ApiTestHost, IDomainHost
{
    public EmbeddedDomainHost() : this(LocalDnsServer.Start())
    {
    }

    private EmbeddedDomainHost(LocalDnsServer dns) : base(settings: IDomainHost.Settings(dns)) => Dns = dns;

    public LocalDnsServer Dns { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Dns.Dispose();
    }
}
