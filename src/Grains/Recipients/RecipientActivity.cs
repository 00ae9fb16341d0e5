using MailTracker.Hits;

namespace MailTracker.Grains.Recipients;

/// <summary>What one consumed batch adds to a recipient (counted hits only, in commit order).</summary>
public readonly record struct RecipientActivity(
    long RecipientId,
    HitCounts Opens,
    HitCounts Clicks,
    DateTimeOffset? FirstOpen,
    DateTimeOffset? FirstBotOpen,
    DateTimeOffset? FirstClick,
    DateTimeOffset? FirstBotClick)
{
    /// <summary>Adds one counted hit (hits arrive in commit order, so the first seen is the first).</summary>
    public RecipientActivity With(HitKind kind, bool bot, DateTimeOffset? date)
    {
        var added = new HitCounts(1, bot ? 1 : 0);
        return kind == HitKind.Open
            ? this with
            {
                Opens = Opens + added,
                FirstOpen = bot ? FirstOpen : FirstOpen ?? date,
                FirstBotOpen = bot ? FirstBotOpen ?? date : FirstBotOpen,
            }
            : this with
            {
                Clicks = Clicks + added,
                FirstClick = bot ? FirstClick : FirstClick ?? date,
                FirstBotClick = bot ? FirstBotClick ?? date : FirstBotClick,
            };
    }
}
