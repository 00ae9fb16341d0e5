using System.Diagnostics;
using MailTracker.Accounts;
using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Tests.Infrastructure;
using MailTracker.Trackings;
using MailTracker.Webhooks;

namespace MailTracker.Tests.Foundation;

/// <summary>
/// The grain that makes a change publishes it, whoever asked for the change (an API handler, an account removal,
/// a retention job): when its call returns, every subscribed silo has dropped what it cached.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PublishedChangeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Removing_a_link_returns_after_every_silo_dropped_its_token()
    {
        var (account, tracking) = await NewTrackingAsync();
        var link = (await tracking.AddLinkAsync(account, "https://example.com/a")).Value!;
        var (silo1, silo2) = (new RecordingCacheObserver(), new RecordingCacheObserver());
        await SubscribeAsync(silo1);
        await SubscribeAsync(silo2);

        Assert.True(await tracking.RemoveLinkAsync(account, link.Id));

        Assert.Contains(link.Token, silo1.Tokens);
        Assert.Contains(link.Token, silo2.Tokens);
        Assert.Null(await fixture.Grains.GetGrain<ITokenGrain>(link.Token).GetFactsAsync());
    }

    [Fact]
    public async Task Deleting_a_tracking_returns_after_every_silo_dropped_its_pixel_and_link_tokens()
    {
        var (account, tracking) = await NewTrackingAsync();
        var pixel = (await tracking.AddPixelAsync(account, null)).Value!;
        var links = new[] { (await tracking.AddLinkAsync(account, "https://example.com/1")).Value!, (await tracking.AddLinkAsync(account, "https://example.com/2")).Value! };
        var silo = new RecordingCacheObserver();
        await SubscribeAsync(silo);

        Assert.True(await tracking.DeleteAsync(account));

        Assert.All(links.Select(l => l.Token).Append(pixel.Token), token => Assert.Contains(token, silo.Tokens));
        Assert.False(await tracking.DeleteAsync(account));
    }

    [Fact]
    public async Task Deleting_a_recipient_returns_after_every_silo_dropped_its_token()
    {
        var (account, tracking) = await NewTrackingAsync();
        var recipient = Assert.Single((await tracking.AddRecipientsAsync(account, [new RecipientSpec("ann@example.com", null, null)])).Value!);
        var silo = new RecordingCacheObserver();
        await SubscribeAsync(silo);

        Assert.NotNull(await fixture.Grains.GetGrain<IRecipientGrain>(recipient.Token).DeleteAsync(account));

        Assert.Contains(recipient.Token, silo.Tokens);
    }

    [Fact]
    public async Task Setting_a_blacklist_returns_after_every_silo_dropped_the_old_one()
    {
        var (account, _) = await NewTrackingAsync();
        var silo = new RecordingCacheObserver();
        await SubscribeAsync(silo);

        await fixture.Grains.GetGrain<IAccountGrain>(account).SetBlacklistAsync(["203.0.113.7"]);

        Assert.Contains(account, silo.Blacklists);
    }

    [Fact]
    public async Task A_silo_that_does_not_answer_holds_a_delete_back_for_about_a_second_and_the_others_are_told()
    {
        var (account, tracking) = await NewTrackingAsync();
        var link = (await tracking.AddLinkAsync(account, "https://example.com/dead")).Value!;
        var (dead, live) = (new RecordingCacheObserver(answers: false), new RecordingCacheObserver());
        await SubscribeAsync(dead);
        await SubscribeAsync(live);
        try
        {
            var started = Stopwatch.GetTimestamp();
            Assert.True(await tracking.RemoveLinkAsync(account, link.Id));

            Assert.Contains(link.Token, live.Tokens);
            Assert.InRange(Stopwatch.GetElapsedTime(started), TimeSpan.Zero, HitCacheHubGrain.NoticeTimeout * 4);
        }
        finally
        {
            // It answers from now on, so that it holds back no other test while its subscription lasts.
            dead.Answer();
        }
    }

    [Fact]
    public async Task Deleting_a_webhook_takes_it_off_its_accounts_list_whoever_deletes_it()
    {
        var (account, _) = await NewTrackingAsync();
        var accountGrain = fixture.Grains.GetGrain<IAccountGrain>(account);
        var spec = new WebhookSpec("https://hooks.example.com/in", [WebhookEvents.EmailOpened], null, Enabled: false);
        var kept = (await accountGrain.CreateWebhookAsync(spec, null)).Value!.Webhook.Id;
        var deleted = (await accountGrain.CreateWebhookAsync(spec, null)).Value!.Webhook.Id;

        Assert.True(await fixture.Grains.GetGrain<IWebhookGrain>(deleted).DeleteAsync(account));

        Assert.Equal([kept], await accountGrain.ListWebhooksAsync());
    }

    private async Task<(long Account, IMailTrackingGrain Tracking)> NewTrackingAsync()
    {
        var account = await fixture.Grains.GetGrain<IAccountDirectoryGrain>(0).CreateAccountAsync("Published " + Guid.NewGuid(), "free");
        var tracking = (await fixture.Grains.GetGrain<IAccountGrain>(account.Id)
            .CreateMailTrackingAsync(new TrackingSettings("News", true, false, new PrivacySettings(true, true, true)))).Value;
        return (account.Id, fixture.Grains.GetGrain<IMailTrackingGrain>(tracking!.Id));
    }

    /// <summary>Subscribed like a silo's caches; the reference lives on with the test client (and expires from the hub by itself).</summary>
    private Task SubscribeAsync(RecordingCacheObserver observer) =>
        fixture.Grains.GetGrain<IHitCacheHubGrain>(0).SubscribeAsync(fixture.Cluster.Client.CreateObjectReference<IHitCacheObserver>(observer));
}
