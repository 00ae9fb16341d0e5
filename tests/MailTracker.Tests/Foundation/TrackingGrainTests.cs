using MailTracker.Accounts;
using MailTracker.Hits;
using MailTracker.Tests.Infrastructure;
using MailTracker.Trackings;

namespace MailTracker.Tests.Foundation;

/// <summary>The tracking grains across two silos: every result type crosses a silo boundary serialized.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TrackingGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Trackings_pixels_and_links_round_trip_between_silos()
    {
        var account = await fixture.Grains.GetGrain<IAccountDirectoryGrain>(0).CreateAccountAsync("Grains", "free");
        var accountGrain = fixture.Grains.GetGrain<IAccountGrain>(account.Id);
        var tracking = (await accountGrain.CreateMailTrackingAsync(new TrackingSettings("News", true, false, new PrivacySettings(true, true, true)))).Value;
        Assert.NotNull(tracking);
        var trackingGrain = fixture.Grains.GetGrain<IMailTrackingGrain>(tracking.Id);

        var pixel = await trackingGrain.AddPixelAsync(account.Id, new CustomImage("image/gif", [1, 2, 3]));
        Assert.Equal(Outcome.Ok, pixel.Outcome);
        Assert.Equal(Outcome.Conflict, (await trackingGrain.AddPixelAsync(account.Id, null)).Outcome);
        var link = await trackingGrain.AddLinkAsync(account.Id, "https://example.com/");
        Assert.Equal(HitKind.Click, link.Value!.Kind);

        var facts = await fixture.Grains.GetGrain<ITokenGrain>(pixel.Value!.Token).GetFactsAsync();
        Assert.Equal(pixel.Value.Id, facts!.EntityId);
        Assert.Equal("image/gif", facts.ImageContentType);
        Assert.Equal([1, 2, 3], (await fixture.Grains.GetGrain<ITokenGrain>(pixel.Value.Token).GetImageAsync())!.Bytes);

        var info = await trackingGrain.GetAsync(account.Id);
        Assert.Equal(pixel.Value.Id, info!.Pixel!.Id);
        Assert.Single(info.Links);
        Assert.Null(await trackingGrain.GetAsync(account.Id + 1));
        Assert.Equal(Outcome.NotFound, (await trackingGrain.UpdateAsync(account.Id + 1, new TrackingUpdate("x", null, null, null, null, null))).Outcome);

        var issued = await accountGrain.IssueApiKeyAsync("k", "live", null);
        var grant = await fixture.Grains.GetGrain<IApiKeyGrain>(GrainKeys.ForApiKey(issued!.Key)).GetAsync();
        Assert.Equal(account.Id, grant!.AccountId);
    }

    [Fact]
    public async Task Deciding_again_on_the_same_hits_gives_the_same_answer()
    {
        var account = await fixture.Grains.GetGrain<IAccountDirectoryGrain>(0).CreateAccountAsync("Idempotent", "free");
        var tracking = (await fixture.Grains.GetGrain<IAccountGrain>(account.Id)
            .CreateMailTrackingAsync(new TrackingSettings("News", true, true, new PrivacySettings(true, true, true)))).Value;
        var pixel = (await fixture.Grains.GetGrain<IMailTrackingGrain>(tracking!.Id).AddPixelAsync(account.Id, null)).Value!;
        var hits = Enumerable.Range(0, 6).Select(i => new HitClaim(Guid.CreateVersion7(), $"ip{i % 3}")).ToList();
        var grain = fixture.Grains.GetGrain<ITrackableGrain>(pixel.Id);

        // uniqueOpensOnly: the hits count once per address, which the log tailer decides against the stored claims; the
        // grain holds no addresses, so a new activation answers the same.
        var first = await grain.DecideAsync(hits);
        Assert.Empty(first.Rejected);
        Assert.True(first.OncePerAddress);
        Assert.False(first.CountsEverything);
        var second = await grain.DecideAsync(hits);
        Assert.Empty(second.Rejected);
        Assert.True(second.OncePerAddress);
        // No IP (trackIpAddresses off or unknown): nothing to be unique by, so it cannot count.
        var anonymous = new HitClaim(Guid.CreateVersion7(), null);
        Assert.Equal([anonymous.HitId], (await grain.DecideAsync([anonymous])).Rejected);

        // Unique-only off: everything counts, and the tailer may stop asking.
        var update = fixture.Grains.GetGrain<IMailTrackingGrain>(tracking.Id);
        await update.UpdateAsync(account.Id, new TrackingUpdate(null, null, false, null, null, null));
        var counting = await grain.DecideAsync(hits);
        Assert.Empty(counting.Rejected);
        Assert.True(counting.CountsEverything);
        Assert.False(counting.OncePerAddress);

        // Paused: nothing counts.
        await update.UpdateAsync(account.Id, new TrackingUpdate(null, false, null, null, null, null));
        var paused = await grain.DecideAsync(hits);
        Assert.Equal(hits.Select(h => h.HitId), paused.Rejected);
        Assert.False(paused.CountsEverything);
    }
}
