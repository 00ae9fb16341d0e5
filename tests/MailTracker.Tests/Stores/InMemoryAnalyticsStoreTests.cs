using MailTracker.Grains.Analytics;

namespace MailTracker.Tests.Stores;

public sealed class InMemoryAnalyticsStoreTests : AnalyticsStoreContract
{
    private readonly InMemoryAnalyticsStore _store = new();

    protected override IAnalyticsStore Store => _store;

    protected override Task ApplyAsync(AnalyticsRollup rollup)
    {
        _store.Apply(rollup);
        return Task.CompletedTask;
    }
}
