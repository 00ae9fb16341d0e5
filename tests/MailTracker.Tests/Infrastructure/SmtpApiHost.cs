namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A host that delivers its messages to its own in-process SMTP server (<see cref="Sink"/>), with a DNS server of its own
/// (<see cref="Dns"/>) serving the records of the sending domains its tests verify (<see cref="Tenant.VerifiedDomainAsync"/>).
/// </summary>
public abstract class SmtpApiHost : ApiTestHost, IDomainHost
{
    protected SmtpApiHost(SmtpSink sink) : this(sink, LocalDnsServer.Start())
    {
    }

    private SmtpApiHost(SmtpSink sink, LocalDnsServer dns) : base(settings: sink.Settings(Merge(FastWebhooks.Settings, IDomainHost.Settings(dns))))
    {
        Sink = sink;
        Dns = dns;
    }

    public SmtpSink Sink { get; }

    public LocalDnsServer Dns { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Sink.Dispose();
        Dns.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> second) =>
        first.Concat(second).ToDictionary(p => p.Key, p => p.Value);
}
