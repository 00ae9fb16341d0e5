using MailTracker.Hits;

namespace MailTracker.Grains.Webhooks;

/// <summary>The feeds a webhook follows, each from its own cursor (stored as <c>kind</c>).</summary>
public enum WebhookFeed : short
{
    Opens = HitKind.Open,
    Clicks = HitKind.Click,

    /// <summary>Recipients that unsubscribed or bounced, in update order.</summary>
    Recipients = 2,
}
