namespace MailTracker.Tests.Infrastructure;

/// <summary>A host whose sending domains are verified against a <see cref="LocalDnsServer"/> of its own.</summary>
public interface IDomainHost
{
    public const string SpfInclude = "_spf.relay.mailtracker.test";

    LocalDnsServer Dns { get; }

    static Dictionary<string, string> Settings(LocalDnsServer dns) => new()
    {
        ["MailTracker:Sending:DnsServer"] = dns.Endpoint.ToString(),
        ["MailTracker:Sending:SpfInclude"] = SpfInclude,
        ["MailTracker:Sending:DnsTimeout"] = "00:00:02",
    };
}
