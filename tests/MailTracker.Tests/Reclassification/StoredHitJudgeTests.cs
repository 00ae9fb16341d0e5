using MailTracker.Grains.Classification;
using MailTracker.Grains.Reclassification;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Tests.Reclassification;

/// <summary>What a stored hit's new verdict can be judged from, when its tracking did not store everything (the README's rules).</summary>
public sealed class StoredHitJudgeTests
{
    private static readonly DateTimeOffset Sent = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly PrivacySettings Everything = new(true, true, true);

    private readonly StoredHitJudge _judge;

    public StoredHitJudgeTests()
    {
        var rules = ClassificationRules.Load(new ClassificationOptions());
        _judge = new StoredHitJudge(rules, new HitClassifier(rules));
    }

    [Fact]
    public void A_head_request_stays_one_the_method_not_being_stored()
    {
        var verdict = _judge.Judge(Hit(BotVerdict.BotBecause(BotReasons.HeadRequest, "1"), "Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0"), Everything);
        Assert.Equal(BotVerdict.BotBecause(BotReasons.HeadRequest, _judge.RulesVersion), verdict);
    }

    [Fact]
    public void Without_agents_a_verdict_only_an_agent_rule_gives_stays_and_a_persons_is_judged_by_the_address_rules()
    {
        var noAgents = new PrivacySettings(true, false, true);
        // curl's verdict came from its agent (https://curl.se/docs/manpage.html#-A), which the tracking did not keep.
        Assert.Equal(BotReasons.HttpLibrary, _judge.Judge(Hit(BotVerdict.BotBecause(BotReasons.HttpLibrary, "1"), null), noAgents).Reason);
        // Apple's own network, 17.0.0.0/8 (https://whois.arin.net/rest/net/NET-17-0-0-0-1), needs no agent.
        Assert.Equal(BotReasons.AppleMpp, _judge.Judge(Hit(BotVerdict.Human("1"), null, ip: "17.58.101.2"), noAgents).Reason);
        // No agent stored is not an empty agent.
        Assert.False(_judge.Judge(Hit(BotVerdict.Human("1"), null), noAgents).Bot);
        // With agents kept, an empty one is a bot's.
        Assert.Equal(BotReasons.EmptyUserAgent, _judge.Judge(Hit(BotVerdict.Human("1"), null), Everything).Reason);
    }

    [Fact]
    public void Timing_uses_the_stored_date_and_without_one_a_too_soon_verdict_stays()
    {
        var person = "Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0";
        Assert.Equal(BotReasons.TooSoonAfterSend, _judge.Judge(Hit(BotVerdict.Human("1"), person, date: Sent.AddSeconds(1)), Everything).Reason);
        Assert.False(_judge.Judge(Hit(BotVerdict.BotBecause(BotReasons.TooSoonAfterSend, "1"), person, date: Sent.AddMinutes(5)), Everything).Bot);
        Assert.Equal(BotReasons.TooSoonAfterSend, _judge.Judge(Hit(BotVerdict.BotBecause(BotReasons.TooSoonAfterSend, "1"), person, dated: false), new PrivacySettings(true, true, false)).Reason);
    }

    private static StoredHit Hit(BotVerdict verdict, string? agent, string ip = "198.51.100.7", DateTimeOffset? date = null, bool dated = true) =>
        new(new StoredHitCursor(HitKind.Open, 1, 1), 8, 42, Sent, dated ? date ?? Sent.AddMinutes(10) : null, ip, agent, verdict);
}
