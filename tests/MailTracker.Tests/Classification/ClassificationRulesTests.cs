using System.Net;
using MailTracker.Grains.Classification;
using MailTracker.Hits;

namespace MailTracker.Tests.Classification;

/// <summary>The operator's rules file and refreshed Apple list: read at start, tried first, versioned, refused with a clear message.</summary>
public sealed class ClassificationRulesTests : IDisposable
{
    private const string Thunderbird = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.0";
    private readonly string _directory = Directory.CreateTempSubdirectory("mt-rules-").FullName;

    [Fact]
    public void The_operators_rules_are_tried_before_the_shipped_ones_and_join_the_version()
    {
        var shipped = ClassificationRules.Load(new ClassificationOptions());
        File.WriteAllText(Path.Combine(_directory, "office.csv"), "# our office's scanner\n203.0.113.0/28,XX,,,\n");
        var rules = Write("""
            {
              "version": "office-3",
              "addressLists": { "office-scanner": { "file": "office.csv", "source": "our network team" } },
              "rules": [
                { "id": "office-scanner", "addressList": "office-scanner", "verdict": "bot", "reason": "security-scanner", "source": "our network team" },
                { "id": "our-head-checks-are-people", "method": "HEAD", "userAgent": { "equals": "OfficeMonitor/1.0" }, "verdict": "human", "source": "our monitoring" }
              ]
            }
            """);
        var classifier = new HitClassifier(ClassificationRules.Load(new ClassificationOptions { RulesFile = rules }));

        Assert.Equal(shipped.Version + "+office-3", classifier.RulesVersion);
        Assert.Equal(BotVerdict.BotBecause("security-scanner", classifier.RulesVersion), classifier.Judge(HitKind.Click, false, IPAddress.Parse("203.0.113.9"), Thunderbird));
        Assert.False(classifier.Judge(HitKind.Click, false, IPAddress.Parse("203.0.113.99"), Thunderbird).Bot);
        Assert.False(classifier.Judge(HitKind.Open, true, IPAddress.Parse("198.51.100.1"), "OfficeMonitor/1.0").Bot);
        Assert.Equal("head-request", classifier.Judge(HitKind.Open, true, IPAddress.Parse("198.51.100.1"), Thunderbird).Reason);
    }

    [Fact]
    public void A_refreshed_apple_list_replaces_the_shipped_one()
    {
        var egress = Path.Combine(_directory, "egress-ip-ranges.csv");
        File.WriteAllText(egress, "172.224.226.0/27,GB,GB-EN,London,\n2a02:26f7:b3c0:4000::/64,GB,GB-EN,London,\n");
        var classifier = new HitClassifier(ClassificationRules.Load(new ClassificationOptions { AppleEgressFile = egress }));

        Assert.Equal("apple-mpp", classifier.Judge(HitKind.Open, false, IPAddress.Parse("2a02:26f7:b3c0:4000::5"), "Mozilla/5.0").Reason);
        Assert.False(classifier.Judge(HitKind.Open, false, IPAddress.Parse("172.224.226.7"),
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15").Bot);
    }

    [Theory]
    [InlineData("""{ "rules": [] }""", "\"version\" is required")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "x", "verdict": "bot", "reason": "because", "source": "s" } ] }""", "Classification rule \"x\": a bot verdict needs a reason")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "x", "userAgent": { "pattern": "(" }, "verdict": "human", "source": "s" } ] }""", "does not compile")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "x", "addresses": ["10.0.0.0/33"], "verdict": "human", "source": "s" } ] }""", "\"10.0.0.0/33\" is not an address or CIDR range")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "x", "verdict": "human" } ] }""", "source is required")]
    [InlineData("""{ "version": "1", "rules": [ { "id": "x", "addressList": "nowhere", "verdict": "human", "source": "s" } ] }""", "Address list \"nowhere\" is not defined")]
    [InlineData("""not json""", "not a classification rules file")]
    public void A_rules_file_that_does_not_make_sense_stops_the_start_with_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => ClassificationRules.Load(new ClassificationOptions { RulesFile = Write(text) }));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_missing_rules_file_names_the_setting_and_the_path()
    {
        var missing = Path.Combine(_directory, "missing.json");
        var e = Assert.Throws<InvalidDataException>(() => ClassificationRules.Load(new ClassificationOptions { RulesFile = missing }));
        Assert.Contains("MailTracker__Classification__RulesFile", e.Message);
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void The_cache_of_agents_stays_bounded_and_keeps_judging_alike()
    {
        var classifier = new HitClassifier(ClassificationRules.Load(new ClassificationOptions()));
        for (var i = 0; i < 25_000; i++) Assert.False(classifier.Judge(HitKind.Open, false, IPAddress.Parse("198.51.100.1"), $"{Thunderbird} build/{i}").Bot);
        Assert.True(classifier.CachedAgents <= 10_000);
    }

    private string Write(string text)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
