namespace MailTracker.Grains.Domains;

/// <summary>Sending domain settings (<c>MailTracker__Sending__…</c>).</summary>
public sealed class SendingDomainOptions
{
    public const string Section = "MailTracker:Sending";

    /// <summary>The operator relay's SPF include (e.g. <c>_spf.relay.example</c>): published as <c>include:</c> and required by verification.</summary>
    public string SpfInclude { get; set; } = "";

    /// <summary>Base64 of 32 bytes: the AES-256-GCM key that encrypts the domains' DKIM private keys. Required with PostgreSQL.</summary>
    public string KeyEncryptionKey { get; set; } = "";

    /// <summary>The resolver verification asks, <c>host:port</c> or <c>host</c> (port 53); empty: the system's resolvers.</summary>
    public string DnsServer { get; set; } = "";

    /// <summary>How long one DNS query may take before it counts as unanswered.</summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
