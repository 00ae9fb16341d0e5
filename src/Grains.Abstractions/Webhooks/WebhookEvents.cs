using MailTracker.Hits;

namespace MailTracker.Webhooks;

public static class WebhookEvents
{
    public const string EmailOpened = "email.opened";
    public const string LinkClicked = "link.clicked";
    public const string RecipientUnsubscribed = "recipient.unsubscribed";
    public const string RecipientBounced = "recipient.bounced";

    /// <summary>A sent message (TrackPost) handed to the SMTP relay, accepted by it, refused for good for a recipient.</summary>
    public const string EmailSent = "email.sent";
    public const string EmailDelivered = "email.delivered";
    public const string EmailBounced = "email.bounced";

    /// <summary>Sent only by <c>POST /api/v1/webhooks/{id}/test</c>.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [EmailOpened, LinkClicked, RecipientUnsubscribed, RecipientBounced, EmailSent, EmailDelivered, EmailBounced];

    public static string Of(HitKind kind) => kind == HitKind.Open ? EmailOpened : LinkClicked;
}
