using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Api.Recipients;

public static class RecipientMapping
{
    public static RecipientResponse ToResponse(this RecipientInfo r) => new(
        r.Id, r.Token, r.TrackingId, r.Email, r.Name, r.Subject, r.Created, r.FirstOpen, r.FirstBotOpen, r.FirstClick, r.FirstBotClick,
        r.Unsubscribed, r.Bounced, r.LastUpdate, r.Opens.Humans, r.Opens.Bots, r.Clicks.Humans, r.Clicks.Bots);

    public static EventResponse ToResponse(this HitEvent e) => new(
        e.Id, e.Recipient, e.TrackingId, e.Kind == HitKind.Open ? e.EntityId : null, e.Kind == HitKind.Click ? e.EntityId : null, e.Date, e.Location, e.Bot, e.BotReason, e.Proxy);

    /// <summary>The recipient's own URL: the pixel's or link's, attributed to it with <c>?r=</c>.</summary>
    public static string Personal(string url, string recipientToken) => $"{url}?r={recipientToken}";
}
