namespace MailTracker.Tests.Infrastructure;

public sealed class PostgresDomainHost : ApiTestHost, IDomainHost
{
    public PostgresDomainHost() : this(LocalDnsServer.Start())
    {
    }

    private PostgresDomainHost(LocalDnsServer dns) : base(settings: IDomainHost.Settings(dns)) => Dns = dns;

    public LocalDnsServer Dns { get; }

    protected override async Task<string?> CreateDatabaseAsync() => await (await PostgresServer.GetAsync()).CreateDatabaseAsync("domains");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Dns.Dispose();
    }
}
