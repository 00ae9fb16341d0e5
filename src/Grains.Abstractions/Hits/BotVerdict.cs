namespace MailTracker.Hits;

/// <summary>
/// A hit's verdict: a bot with its reason (one of <see cref="BotReasons"/>), or a person — with the provider's image proxy the
/// open came through, if any (<c>gmail</c>, <c>yahoo</c>, …) — judged under the classification rules of <paramref name="RulesVersion"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.BotVerdict")]
public readonly record struct BotVerdict(
    [property: Id(0)] bool Bot,
    [property: Id(1)] string? Reason,
    [property: Id(2)] string? Proxy,
    [property: Id(3)] string? RulesVersion)
{
    public static BotVerdict Human(string rulesVersion, string? proxy = null) => new(false, null, proxy, rulesVersion);

    public static BotVerdict BotBecause(string reason, string rulesVersion) => new(true, reason, null, rulesVersion);

    /// <summary>The same verdict, whichever rules' version judged it.</summary>
    public bool SameOutcomeAs(BotVerdict other) => Bot == other.Bot && Reason == other.Reason && Proxy == other.Proxy;
}
