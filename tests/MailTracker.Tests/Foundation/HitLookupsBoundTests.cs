using System.Diagnostics.Metrics;
using MailTracker.Accounts;
using MailTracker.Diagnostics;
using MailTracker.Grains.Hits;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Tests.Infrastructure;
using MailTracker.Trackings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailTracker.Tests.Foundation;

/// <summary>A silo's hit look-ups over more tokens than <see cref="HitsOptions.TokenCacheSize"/>: right answers, bounded caches.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HitLookupsBoundTests(ClusterFixture fixture)
{
    private const int Bound = 20;

    [Fact]
    public async Task More_tokens_and_recipients_than_the_bound_are_each_answered_right_and_the_caches_stay_within_it()
    {
        var lookups = new HitLookups(fixture.Grains, new RecipientFactsBatcher(fixture.Storage.Recipients), TimeProvider.System, Options.Create(new HitsOptions { TokenCacheSize = Bound }), TestMetrics.Create());
        var privacy = new PrivacySettings(true, true, true);
        var tokens = await Task.WhenAll(Enumerable.Range(0, Bound * 3).Select(async i =>
        {
            var token = GrainKeys.NewToken(TokenKind.Pixel);
            await fixture.Grains.GetGrain<ITokenGrain>(token).InitializeAsync(new TokenFacts(HitKind.Open, 1_000_000 + i, 7, 7, null, privacy, null, []), null);
            return (token, Entity: 1_000_000L + i);
        }));
        var (account, tracking) = await NewTrackingAsync();
        var recipients = (await tracking.AddRecipientsAsync(account, [.. Enumerable.Range(0, Bound * 3).Select(i => new RecipientSpec($"r{i}@bound.example.com", null, null))])).Value!;

        // Twice over: the second round finds most of them evicted, and must answer the same.
        for (var round = 0; round < 2; round++)
        {
            foreach (var (token, entity) in tokens)
            {
                Assert.Equal(entity, (await lookups.FactsAsync(token))!.EntityId);
                Assert.Null(await lookups.ImageAsync(token));
            }
            foreach (var recipient in recipients) Assert.Equal(recipient.Id, (await lookups.RecipientAsync(recipient.Token))!.Id);
        }

        var (facts, images, cachedRecipients, _) = lookups.CachedEntries;
        Assert.InRange(facts, 1, Bound);
        Assert.InRange(images, 1, Bound);
        Assert.InRange(cachedRecipients, 1, Bound);
    }

    [Fact]
    public async Task A_token_the_cache_misses_is_looked_up_and_counted_once_then_answered_from_the_cache()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var lookedUp = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "mailtracker.hits.cache.lookups") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "result") lock (lookedUp) lookedUp.Add(tag.Value as string);
        });
        listener.Start();
        var lookups = new HitLookups(fixture.Grains, new RecipientFactsBatcher(fixture.Storage.Recipients), TimeProvider.System,
            Options.Create(new HitsOptions { TokenCacheSize = Bound }), new MailTrackerMetrics(factory));
        var intake = new HitIntake(lookups, null!, null!, null!, TimeProvider.System);
        var token = GrainKeys.NewToken(TokenKind.Pixel);
        await fixture.Grains.GetGrain<ITokenGrain>(token).InitializeAsync(
            new TokenFacts(HitKind.Open, 2_000_000, 7, 7, null, new PrivacySettings(true, true, true), null, []), null);

        // As the pixel endpoint asks: the cache (a miss), then past it; then the cache again (a hit).
        Assert.False(intake.TryResolveCached(token, HitKind.Open, out _));
        Assert.Equal(2_000_000, (await intake.LoadAsync(token, HitKind.Open))!.EntityId);
        Assert.True(intake.TryResolveCached(token, HitKind.Open, out var cached));
        Assert.Equal(2_000_000, cached!.EntityId);
        Assert.Equal(["miss", "hit"], lookedUp);
    }

    private async Task<(long Account, IMailTrackingGrain Tracking)> NewTrackingAsync()
    {
        var account = await fixture.Grains.GetGrain<IAccountDirectoryGrain>(0).CreateAccountAsync("Bound " + Guid.NewGuid(), "enterprise");
        var tracking = (await fixture.Grains.GetGrain<IAccountGrain>(account.Id)
            .CreateMailTrackingAsync(new TrackingSettings("Bound", true, false, new PrivacySettings(true, true, true)))).Value;
        return (account.Id, fixture.Grains.GetGrain<IMailTrackingGrain>(tracking!.Id));
    }
}
