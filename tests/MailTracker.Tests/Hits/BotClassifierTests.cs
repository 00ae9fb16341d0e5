using System.Net;
using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Tests.Hits;

/// <summary>The request-time bot verdict.</summary>
public sealed class BotClassifierTests
{
    private const string Thunderbird = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.0";
    private static readonly DateTimeOffset Sent = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(HitKind.Open, "GET", "198.51.100.7", Thunderbird, false)]
    [InlineData(HitKind.Open, "HEAD", "198.51.100.7", Thunderbird, true)]
    [InlineData(HitKind.Open, "GET", "17.58.1.20", Thunderbird, true)] // Apple's network: Mail Privacy Protection
    [InlineData(HitKind.Open, "GET", "198.51.100.7", "Mozilla/5.0", true)] // Apple's prefetcher's bare agent
    [InlineData(HitKind.Open, "GET", "198.51.100.7", "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)", true)]
    [InlineData(HitKind.Open, "GET", "198.51.100.7", null, false)]
    [InlineData(HitKind.Click, "GET", "198.51.100.7", "Barracuda Sentinel (EE)", true)]
    [InlineData(HitKind.Click, "GET", "198.51.100.7", null, true)]
    [InlineData(HitKind.Click, "GET", "198.51.100.7", Thunderbird, false)]
    public void Requests_are_classified(HitKind kind, string method, string ip, string? agent, bool bot)
    {
        var request = new HitRequest(IPAddress.Parse(ip), agent, null, null, method == "HEAD");
        Assert.Equal(bot, BotClassifier.IsBot(kind, request));
    }

    [Fact]
    public void A_click_seconds_after_the_mail_was_created_is_a_scanner_and_a_later_one_a_person()
    {
        var recipient = new RecipientFacts(1, 2, 3, Sent);
        var request = new HitRequest(IPAddress.Parse("198.51.100.7"), Thunderbird, null, "r", false);
        Assert.True(BotClassifier.IsBot(HitKind.Click, request, recipient, Sent.AddSeconds(2)));
        Assert.False(BotClassifier.IsBot(HitKind.Click, request, recipient, Sent.AddMinutes(10)));
        // Opens are not judged by timing: a reader can open a mail the moment it arrives.
        Assert.False(BotClassifier.IsBot(HitKind.Open, request, recipient, Sent.AddSeconds(2)));
    }
}
