using System.Net;
using System.Text.Json;
using MailTracker.Grains.Classification;
using MailTracker.Hits;

namespace MailTracker.Tests.Classification;

/// <summary>The shipped rules replayed on every published case of verdict-cases.json.</summary>
public sealed class VerdictCaseTests
{
    private static readonly HitClassifier Classifier = new(ClassificationRules.Load(new ClassificationOptions()));

    public static TheoryData<VerdictCase> Cases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Classification", "verdict-cases.json");
        var cases = JsonSerializer.Deserialize<List<VerdictCase>>(File.ReadAllText(path), JsonSerializerOptions.Web)!;
        return [.. cases];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_shipped_rules_judge_each_published_case(VerdictCase @case)
    {
        var kind = @case.Kind == "click" ? HitKind.Click : HitKind.Open;
        var sent = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var request = Classifier.Judge(kind, @case.Method == "HEAD", IpNetworks.Normalize(IPAddress.Parse(@case.Ip)), @case.UserAgent);
        var verdict = Classifier.AfterSend(request, kind, sent, sent.AddSeconds(@case.SecondsAfterSend));

        Assert.Equal((@case.Bot, @case.Reason, @case.Proxy), (verdict.Bot, verdict.Reason, verdict.Proxy));
        Assert.Equal(Classifier.RulesVersion, verdict.RulesVersion);
    }
}
