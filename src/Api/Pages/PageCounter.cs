using MailTracker.Analytics;

namespace MailTracker.Api.Pages;

/// <summary>
/// A counter of the tracking page: its name in the snapshot's <c>summary</c> (the page's script updates it by that name),
/// what the page calls it, the line that says what it counts, and its value.
/// </summary>
public sealed record PageCounter(string Key, string Label, string Counts, Func<AnalyticsSummary, long> Value)
{
    public static IReadOnlyList<PageCounter> All { get; } =
    [
        new("totalOpens", "Opens", "Every stored open of the pixel: people and bots.", s => s.TotalOpens),
        new("humanOpens", "Human opens", "Opens by a person reading the mail, proxy opens included.", s => s.HumanOpens),
        new("botOpens", "Bot opens", "Opens by machines: Apple Mail Privacy Protection, prefetchers, security scanners.", s => s.BotOpens),
        new("proxyOpens", "Proxy opens", "Human opens through a provider's image proxy (Gmail, Yahoo): no device or place.", s => s.ProxyOpens),
        new("uniqueOpens", "Unique opens", "Recipients with at least one human open.", s => s.UniqueOpens),
        new("totalClicks", "Clicks", "Every stored click on the tracking's links: people and bots.", s => s.TotalClicks),
        new("humanClicks", "Human clicks", "Clicks by a person.", s => s.HumanClicks),
        new("botClicks", "Bot clicks", "Clicks by machines: link scanners, previews, crawlers.", s => s.BotClicks),
        new("uniqueClicks", "Unique clicks", "Recipients with at least one human click.", s => s.UniqueClicks),
        new("totalTracks", "Recipients", "Recipients of this tracking (each with a personal token).", s => s.TotalTracks),
    ];
}
