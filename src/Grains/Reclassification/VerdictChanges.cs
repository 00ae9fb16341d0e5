using MailTracker.Hits;

namespace MailTracker.Grains.Reclassification;

/// <summary>
/// What a batch of new verdicts moves, summed as the stores apply it: the bot count of each pixel or link, and each recipient's
/// opens and clicks that become bots' (negative: people's). Only a verdict whose bot flag flips moves a counter.
/// </summary>
public sealed class VerdictChanges
{
    public int Judged { get; private set; }

    public int Changed { get; private set; }

    /// <summary>By pixel or link, in key order (the order the stores lock the count rows in).</summary>
    public SortedDictionary<(HitKind Kind, long EntityId), long> Bots { get; } = [];

    /// <summary>By recipient id, in id order: opens and clicks that turned bots' (negative: people's).</summary>
    public SortedDictionary<long, (long Opens, long Clicks)> Recipients { get; } = [];

    public ReclassifiedBatch Batch => new(Judged, Changed);

    public void Add(HitKind kind, long entityId, long? recipientId, BotVerdict before, BotVerdict after)
    {
        Judged++;
        if (!before.SameOutcomeAs(after)) Changed++;
        if (before.Bot == after.Bot) return;
        var delta = after.Bot ? 1 : -1;
        Bots[(kind, entityId)] = Bots.GetValueOrDefault((kind, entityId)) + delta;
        if (recipientId is not { } id) return;
        var (opens, clicks) = Recipients.GetValueOrDefault(id);
        Recipients[id] = kind == HitKind.Open ? (opens + delta, clicks) : (opens, clicks + delta);
    }
}
