namespace MailTracker.Grains.Webhooks;

/// <summary>Webhook delivery settings (<c>MailTracker__Webhooks__…</c>); the schedule is configurable so that tests run it fast.</summary>
public sealed class WebhookOptions
{
    public const string Section = "MailTracker:Webhooks";

    /// <summary>Allows loopback, private and link-local targets and plain http (tests and trusted networks only).</summary>
    public bool AllowPrivateTargets { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause after the first failed attempt; each further one doubles it (with ±20% jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An event still undelivered this long after it was queued is given up (at least a day).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(26);

    /// <summary>A webhook whose deliveries have all failed for this long (and at least <see cref="DisableAfterFailures"/> times) is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromHours(24);

    public int DisableAfterFailures { get; set; } = 20;

    /// <summary>How often a webhook reads its feed and its outbox.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
