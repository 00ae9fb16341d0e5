using MailTracker.Grains.Classification;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailTracker.Tests.Classification;

/// <summary>
/// Real user agents, each quoted from where it was published, described as the API shows them. Sources:
/// [uap#N] github.com/ua-parser/uap-core issue N; [uap-tests] uap-core tests/test_ua.yaml, test_os.yaml;
/// [dd-pim] matomo-org/device-detector Tests/Parser/Client/fixtures/pim.yml; [dd-browser] its
/// Tests/Parser/Client/fixtures/browser.yml; [dd-fixtures] its Tests/fixtures/*.yml; [chrome] developer.chrome.com/multidevice/user-agent.
/// </summary>
public sealed class UserAgentDescriberTests(UserAgentDescriberTests.Describer fixture) : IClassFixture<UserAgentDescriberTests.Describer>
{
    public sealed class Describer
    {
        public UserAgentDescriber Instance { get; } = new(NullLogger<UserAgentDescriber>.Instance);
    }

    [Theory]
    // Apple Mail on macOS: WebKit's bare agent. [uap#528] (Apple Mail 13, 12, 10), github.com/medama-io/go-useragent/issues/10
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_6) AppleWebKit/605.1.15 (KHTML, like Gecko)", "Apple Mail", "Desktop", "macOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko)", "Apple Mail", "Desktop", "macOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6) AppleWebKit/603.3.8 (KHTML, like Gecko)", "Apple Mail", "Desktop", "macOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)", "Apple Mail", "Desktop", "macOS")]
    // github.com/jenssegers/agent/issues/144 ("This happens when I use the Apple Mail client")
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_4) AppleWebKit/605.1.15 (KHTML, like Gecko)", "Apple Mail", "Desktop", "macOS")]
    // iOS Mail: github.com/biggora/express-useragent/issues/78 ("iPhone Apple Mail Client"); [uap-tests] test_os.yaml
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 10_1_1 like Mac OS X) AppleWebKit/602.2.14 (KHTML, like Gecko) Mobile/14B100", "Apple Mail", "iPhone", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 12_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "Apple Mail", "iPhone", "iOS")]
    // iPadOS Mail: [uap-tests] test_os.yaml; [dd-fixtures] tablet fixtures
    [InlineData("Mozilla/5.0 (iPad; CPU iPad OS 14_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "Apple Mail", "iPad", "iOS")]
    [InlineData("Mozilla/5.0 (iPad; U; CPU OS 4_3_2 like Mac OS X; en-us) AppleWebKit/533.17.9 (KHTML, like Gecko) Mobile/8H8", "Apple Mail", "iPad", "iOS")]
    // Outlook for Windows 2016/2019/365: github.com/DannyBoyNg/UserAgentService/issues/4, [uap#132]
    [InlineData("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.15225; Pro)", "Outlook", "Desktop", "Windows")]
    [InlineData("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.6326; Pro)", "Outlook", "Desktop", "Windows")]
    [InlineData("Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/8.0; .NET4.0C; .NET4.0E; .NET CLR 2.0.50727; .NET CLR 3.0.30729; .NET CLR 3.5.30729; Microsoft Outlook 16.0.6366; ms-office; MSOffice 16)", "Outlook", "Desktop", "Windows")]
    // [uap#132]: no OS in the agent
    [InlineData("Microsoft Office/16.0 (Microsoft Outlook Mail 16.0.6416; Pro)", "Outlook", null, null)]
    // [dd-pim]
    [InlineData("Microsoft Office/16.0 (Microsoft Outlook 16.0.12329; Pro), Mozilla/4.0 (compatible; ms-office; MSOffice 16)", "Outlook", null, null)]
    // Outlook on Windows 11: github.com/browscap/browscap/issues/2890
    [InlineData("Mozilla/4.0 (compatible; ms-office; MSOffice 16)", "Outlook", null, null)]
    // Outlook 2013 on Windows 10: github.com/browscap/browscap/issues/718
    [InlineData("Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/8.0; .NET4.0C; .NET4.0E; .NET CLR 2.0.50727; .NET CLR 3.0.30729; .NET CLR 3.5.30729; Microsoft Outlook 15.0.4737; ms-office; MSOffice 15)", "Outlook", "Desktop", "Windows")]
    // Outlook 2010: [dd-fixtures] desktop fixtures
    [InlineData("Microsoft Office/14.0 (Windows NT 6.1; Microsoft Outlook 14.0.6106; Pro; ms-office; MSOffice 14)", "Outlook", "Desktop", "Windows")]
    // github.com/browscap/browscap/issues/2468
    [InlineData("Microsoft Office Outlook/16.0.12527.21378 (Windows/10.0; Desktop x64; en-GB; Desktop app; Hewlett-Packard/HP ProBook 650 G1)", "Outlook", "Desktop", "Windows")]
    // The new Outlook for Windows (WebView2): quoted in public mail-tracking code (code search index, repository not named)
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36 Edg/136.0.0.0 OneOutlook/1.2025.516.400", "Outlook", "Desktop", "Windows")]
    // Outlook for Mac: [dd-pim], [uap-tests]
    [InlineData("MacOutlook/16.46.21021202 (Intelx64 Mac OS X 11.2.2 (Build 20D80))", "Outlook", "Desktop", "macOS")]
    [InlineData("MacOutlook/16.12.0.180401 (Intelx64 Mac OS X Version 10.12.6 (build 16G29))", "Outlook", "Desktop", "macOS")]
    [InlineData("Outlook/16.16.18071205 CFNetwork/902.1 Darwin/17.7.0 (x86_64)", "Outlook", "Desktop", "macOS")]
    // Outlook for iOS loading a mail's image: github.com/3rd-Eden/useragent/issues/146; [dd-pim]
    [InlineData("Outlook-iOS/711.2304115.prod.iphone (3.26.0)", "Outlook", "iPhone", "iOS")]
    [InlineData("Outlook-iOS/709.2042344.prod.iphone (3.21.0)", "Outlook", "iPhone", "iOS")]
    // Outlook for Android: Exchange Online's client info "Client=OutlookService;Outlook-Android/2.0"
    [InlineData("Outlook-Android/2.0", "Outlook", "Android phone", "Android")]
    // Windows Mail: [dd-pim]
    [InlineData("WindowsMail/17.5.9600.22013", "Outlook", "Desktop", "Windows")]
    // Thunderbird: [dd-pim], [uap-tests], github.com/browscap/browscap tests/fixtures/issues/issue-204.php
    [InlineData("Mozilla/5.0 (X11; Linux i686; rv:17.0) Gecko/20130330 Thunderbird/17.0.5", "Thunderbird", "Desktop", "Linux")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20100101 Thunderbird/24.2.0 Lightning/2.6.4", "Thunderbird", "Desktop", "Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Thunderbird/45.0", "Thunderbird", "Desktop", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:24.0) Gecko/20100101 Thunderbird/24.4.0 Lightning/2.6.4", "Thunderbird", "Desktop", "Windows")]
    [InlineData("Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.2.17) Gecko/20110414 Lightning/1.0b3pre Thunderbird/3.1.10", "Thunderbird", "Desktop", "Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20100101 Icedove/24.4.0", "Thunderbird", "Desktop", "Linux")]
    // eM Client: [dd-pim]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/55.0.2883.87 Safari/537.36 eM Client/8.2.1659.0", "eM Client", "Desktop", "Windows")]
    [InlineData("eMClient/9.3.6041.0", "eM Client", null, null)]
    // Mailbird, Postbox, Airmail: [dd-pim], [uap-tests]
    [InlineData("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 Safari/537.36 Mailbird/2.4.30.0/", "Mailbird", "Desktop", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 6.2; WOW64; rv:7.0.1) Gecko/20151105 Postbox/4.0.8", "Postbox", "Desktop", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10.6; en-US; rv:1.9.1.8) Gecko/20100317 Postbox/1.1.3", "Postbox", "Desktop", "macOS")]
    [InlineData("Airmail 1.4 rv:238 (Macintosh; Mac OS X 10.9.2; hr_HR)", "Airmail", "Desktop", "macOS")]
    // Superhuman: [uap-tests]
    [InlineData("Superhuman", "Superhuman", null, null)]
    // Gmail's and Yahoo's image proxies: the agent is the proxy's, so no device or OS. [dd-fixtures] bots.yml
    [InlineData("Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)", "Gmail", null, null)]
    [InlineData("YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html", "Yahoo Mail", null, null)]
    // The Gmail and Yahoo Mail apps themselves: [dd-pim], [uap-tests]
    [InlineData("Android-Gmail/64562652 (sw411dp; 420dpi) (r7 TP1A.220624.014)", "Gmail", "Android phone", "Android")]
    // (a CFNetwork agent names iOS by its Darwin version, not the device)
    [InlineData("Yahoo%20Mail/49268 CFNetwork/1121.2.2 Darwin/19.3.0", "Yahoo Mail", null, "iOS")]
    // Samsung Email: its web view's agent is Android's plain WebView (only its X-Requested-With header names it, [dd-fixtures]
    // clienthints-app.yml), so the client is not told.
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-A536B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/132.0.6834.163 Mobile Safari/537.36", null, "Android phone", "Android")]
    // Browsers are webmail, not a mail client. [chrome]: Chrome on a Mac, an Android phone, an iPhone; Safari on iPhone, iPad, Mac
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_3) AppleWebKit/535.19 (KHTML, like Gecko) Chrome/18.0.1025.151 Safari/535.19", null, "Desktop", "macOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 4.0.4; Galaxy Nexus Build/IMM76B) AppleWebKit/535.19 (KHTML, like Gecko) Chrome/18.0.1025.133 Mobile Safari/535.19", null, "Android phone", "Android")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 10_3 like Mac OS X) AppleWebKit/602.1.50 (KHTML, like Gecko) CriOS/56.0.2924.75 Mobile/14E5239e Safari/602.1", null, "iPhone", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 10_3 like Mac OS X) AppleWebKit/603.1.23 (KHTML, like Gecko) Version/10.0 Mobile/14E5239e Safari/602.1", null, "iPhone", "iOS")]
    [InlineData("Mozilla/5.0 (iPad; U; CPU OS 3_2 like Mac OS X; en-us) AppleWebKit/531.21.10 (KHTML, like Gecko) Version/4.0.4 Mobile/7B334b Safari/531.21.10", null, "iPad", "iOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_3) AppleWebKit/534.53.11 (KHTML, like Gecko) Version/5.1.3 Safari/534.53.10", null, "Desktop", "macOS")]
    // Chrome's reduced agent on an Android phone; Edge on Windows: [dd-browser]
    [InlineData("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.230 Mobile Safari/537.36", null, "Android phone", "Android")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/115.0.0.0 Safari/537.36 Edg/115.0.1901.200", null, "Desktop", "Windows")]
    // Firefox on Windows: [dd-fixtures]; Firefox on an Android tablet: [uap-tests]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/121.0", null, "Desktop", "Windows")]
    [InlineData("Mozilla/5.0 (Android 5.0; Tablet; rv:41.0) Gecko/41.0 Firefox/41.0", null, "Android tablet", "Android")]
    // Samsung Internet on a Galaxy S23: github.com/Shopify/browser_sniffer/pull/54 (quoting developer.samsung.com)
    [InlineData("Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", null, "Android phone", "Android")]
    // An Android tablet (Chrome without "Mobile"): [dd-fixtures] tablet fixtures
    [InlineData("Mozilla/5.0 (Linux; Android 5.1.1; NOVO10 Spark) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/76.0.3809.111 Safari/537.36", null, "Android tablet", "Android")]
    // Chrome on a Chromebook: [dd-fixtures] desktop fixtures
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14150.90.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.126 Safari/537.36", null, "Desktop", "ChromeOS")]
    // Apple's Mail Privacy Protection fetches with a bare "Mozilla/5.0" ([uap#509]): it tells nothing.
    [InlineData("Mozilla/5.0", null, null, null)]
    public void A_published_user_agent_is_described_as_the_api_shows_it(string agent, string? client, string? device, string? os) =>
        Assert.Equal(new UserAgentDescription(client, device, os), fixture.Instance.Describe(agent));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_user_agent_tells_nothing(string? agent) => Assert.Equal(UserAgentDescription.Unknown, fixture.Instance.Describe(agent));

    [Fact]
    public void The_same_agent_is_described_once_and_answered_from_the_cache()
    {
        const string agent = "Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Thunderbird/45.0 cached";
        var first = fixture.Instance.Describe(agent);
        Assert.Same(first, fixture.Instance.Describe(agent));
    }

    [Fact]
    public void The_cache_stays_bounded_however_many_distinct_agents_arrive()
    {
        const int capacity = 100;
        var describer = new UserAgentDescriber(NullLogger<UserAgentDescriber>.Instance, capacity);
        for (var i = 0; i < capacity * 5; i++)
        {
            Assert.Equal("Thunderbird", describer.Describe($"Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20100101 Thunderbird/24.{i}").EmailClient);
            Assert.InRange(describer.CachedAgents, 0, capacity);
        }
        // An agent longer than any real one is described from its start and cached under that start only.
        var huge = "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20100101 Thunderbird/24.4.0 " + new string('x', 100_000);
        Assert.Equal("Thunderbird", describer.Describe(huge).EmailClient);
        Assert.InRange(describer.CachedAgents, 0, capacity);
    }
}
