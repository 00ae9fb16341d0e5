using System.Net;
using MailTracker.Grains.Classification;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Grains.Reclassification;

/// <summary>
/// Judges a stored hit again under the current rules, from what its tracking stored. What was not stored cannot be judged again:
/// <list type="bullet">
/// <item>the method: a <c>head-request</c> verdict is kept (any other stored verdict was a GET's, HEAD being the first rule);</item>
/// <item>without user agents (trackUserAgents off) or addresses (trackIpAddresses off), the rules that need the missing field are
/// left out; a stored verdict that such a rule gives (say <c>http-library</c> without agents) is kept, its evidence being gone;
/// a person's plain verdict is judged by the rules that remain (a new scanner range applies to a tracking without agents);</item>
/// <item>without a stored date (trackDateTimes off) there is no timing: a <c>too-soon-after-send</c> verdict is kept unless a rule
/// now makes the hit a bot for another reason.</item>
/// </list>
/// </summary>
public sealed class StoredHitJudge(ClassificationRules rules, HitClassifier classifier)
{
    public string RulesVersion => rules.Version;

    public BotVerdict Judge(StoredHit hit, PrivacySettings privacy)
    {
        var kind = hit.Place.Kind;
        var stored = hit.Verdict;
        var kept = stored with { RulesVersion = rules.Version };
        if (stored.Reason == BotReasons.HeadRequest) return kept;

        var agentKept = privacy.TrackUserAgents;
        var ipKept = privacy.TrackIpAddresses;
        var ip = ipKept && hit.IpAddress is { } text && IPAddress.TryParse(text, out var parsed) ? parsed : null;
        var request = classifier.Judge(kind, isHead: false, ip, agentKept ? hit.UserAgent : null, agentKept, ipKept);
        if (stored.Reason != BotReasons.TooSoonAfterSend && !request.SameOutcomeAs(stored) && FromMissingField(stored, agentKept, ipKept)) return kept;

        var verdict = hit.Date is { } at ? classifier.AfterSend(request, kind, hit.RecipientCreated, at)
            : stored.Reason == BotReasons.TooSoonAfterSend && !request.Bot ? kept
            : request;
        // As at request time: the proxy names the reader's provider, derived from the agent, kept only where agents are.
        return agentKept ? verdict : verdict with { Proxy = null };
    }

    /// <summary>Whether a rule the missing fields leave out gives this verdict (a person's without a proxy is no rule's).</summary>
    private bool FromMissingField(BotVerdict stored, bool agentKept, bool ipKept) =>
        (stored.Bot || stored.Proxy is not null)
        && rules.Rules.Any(r => r.Outcome.SameOutcomeAs(stored)
            && ((!agentKept && r.HasAgentCondition) || (!ipKept && r.HasAddressCondition)));
}
