using MailTracker.Hits;

namespace MailTracker.Webhooks;

public static class WebhookEvents
{
    public const string EmailOpened = "email.opened";
    public const string LinkClicked = "link.clicked";
    public const string RecipientUnsubscribed = "recipient.unsubscribed";
    public const string RecipientBounced = "recipient.bounced";

    /// <summary>Sent only by <c>POST /api/v1/webhooks/{id}/test</c>.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [EmailOpened, LinkClicked, RecipientUnsubscribed, RecipientBounced];

    public static string Of(HitKind kind) => kind == HitKind.Open ? EmailOpened : LinkClicked;
}
