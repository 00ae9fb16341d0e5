using MailTracker.Grains.Analytics;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>What consuming a batch of one partition changes, all at once.</summary>
/// <param name="Next">The partition's new position: every hit up to it is decided.</param>
/// <param name="Counted">What the batch adds to each pixel's or link's counts.</param>
/// <param name="Discarded">Hits that count nothing (paused, repeated IP, deleted, unresolved rows): removed.</param>
/// <param name="Resolved">Unresolved hits now resolved: logged again under their own entity (and partition), to be decided there.</param>
/// <param name="Recipients">What the counted hits add to their recipients (first open, counts).</param>
public sealed record HitConsumption(
    LogPosition Next,
    IReadOnlyList<CountedHits> Counted,
    IReadOnlyCollection<Guid> Discarded,
    IReadOnlyList<Hit> Resolved,
    IReadOnlyList<RecipientActivity> Recipients)
{
    /// <summary>
    /// uniqueOpensOnly: the addresses the counted hits claim. The commit fails, changing nothing, if any of them is held by
    /// another hit (the page is then decided again).
    /// </summary>
    public IReadOnlyList<AddressClaim> Claims { get; init; } = [];

    /// <summary>
    /// What the counted hits add to the analytics rollups; the commit completes it with the recipients' first opens and clicks
    /// (which only it can tell) and writes it with the counts.
    /// </summary>
    public AnalyticsRollup Rollup { get; init; } = new();

    /// <summary>
    /// The counted hits' places per pixel or link, from the tailer's read (null: the commit finds them in the log itself, as
    /// for a batch built by hand).
    /// </summary>
    public CountedPlaces? Places { get; init; }

    /// <summary>Nothing but a new position (a partition that has caught up moves it to the watermark).</summary>
    public static HitConsumption MoveTo(LogPosition next) => new(next, [], [], [], []);
}
