namespace MailTracker.Tests.Infrastructure;

/// <summary>Webhooks may reach the tests' local receivers, and retry within fractions of a second.</summary>
public static class FastWebhooks
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["MailTracker:Webhooks:AllowPrivateTargets"] = "true",
        ["MailTracker:Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["MailTracker:Webhooks:MaxRetryDelay"] = "00:00:01",
        ["MailTracker:Webhooks:PollInterval"] = "00:00:00.100",
        ["MailTracker:Webhooks:Timeout"] = "00:00:02",
    };
}
