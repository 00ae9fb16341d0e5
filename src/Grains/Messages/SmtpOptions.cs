namespace MailTracker.Grains.Messages;

/// <summary>The operator's SMTP relay, <c>MailTracker__Smtp__…</c>. Without a <see cref="Host"/> live messages are refused.</summary>
public sealed class SmtpOptions
{
    public const string Section = "MailTracker:Smtp";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary><c>none</c>, <c>starttls</c> (the default) or <c>tls</c> (TLS from the first byte, usually port 465).</summary>
    public string Security { get; set; } = "starttls";

    /// <summary>How often an idle sender looks for due outbox entries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a sender holds the entries it took: a silo that dies mid-send leaves them to another this long after. Short
    /// for a prompt resume; safe because no SMTP command waits more than a third of it and no send starts in its second half.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest lease that leaves a slow relay's answer (a third of it) a few seconds.</summary>
    public static readonly TimeSpan MinLease = TimeSpan.FromSeconds(9);

    /// <summary>The first retry's wait after a transient failure; each next one waits twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before a recipient whose relay keeps failing transiently is given up (failed).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Connections to the relay kept open across batches and sent over at once (a relay limits these per client).</summary>
    public int MaxConnections { get; set; } = 4;

    /// <summary>A kept connection idle longer than this is opened afresh: relays close idle sessions, often after a minute or less.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    public static readonly IReadOnlyList<string> SecurityModes = ["none", "starttls", "tls"];
}
