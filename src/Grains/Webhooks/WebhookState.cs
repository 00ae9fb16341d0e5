using MailTracker.Webhooks;

namespace MailTracker.Grains.Webhooks;

public sealed record WebhookState
{
    public long AccountId { get; set; }

    public WebhookSpec? Spec { get; set; }

    public string Secret { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public bool Deleted { get; set; }

    public string? DisabledReason { get; set; }
}
