using MailTracker.Analytics;
using MailTracker.Grains.Analytics;
using MailTracker.Hits;

namespace MailTracker.Tests.Stores;

/// <summary>What every analytics store must do with the rollups it is given, whatever it keeps them in.</summary>
public abstract class AnalyticsStoreContract
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    protected abstract IAnalyticsStore Store { get; }

    /// <summary>Writes a rollup the way the store's writers do (the consumption commit).</summary>
    protected abstract Task ApplyAsync(AnalyticsRollup rollup);

    protected static long NewKey() => Random.Shared.NextInt64(1, long.MaxValue / 2);

    [Fact]
    public async Task Whole_days_and_partial_days_of_a_period_count_each_open_once()
    {
        var (account, tracking) = (NewKey(), NewKey());
        var rollup = new AnalyticsRollup();
        foreach (var at in new[] { Day1.AddHours(23.5), Day1.AddDays(1).AddHours(12), Day1.AddDays(2).AddMinutes(10), Day1.AddDays(3).AddHours(5) })
        {
            Open(rollup, tracking, account, at, "client:Gmail");
        }
        await ApplyAsync(rollup);

        // From the first day's last hour to the fourth day's sixth: two partial days (hour rows) around two whole ones (day rows).
        var all = await ReportAsync(account, tracking, Day1.AddHours(23), Day1.AddDays(3).AddHours(6));
        Assert.Equal(4, all.Summary.TotalOpens);
        Assert.Equal(4, all.EmailClients["Gmail"]);
        Assert.Equal(4, all.TimeOfDay.Sum());

        var secondDay = await ReportAsync(account, tracking, Day1.AddDays(1), Day1.AddDays(2));
        Assert.Equal(1, secondDay.Summary.TotalOpens);
        Assert.Equal(1, secondDay.EmailClients["Gmail"]);

        var withinADay = await ReportAsync(account, tracking, Day1.AddDays(2), Day1.AddDays(2).AddHours(1));
        Assert.Equal(1, withinADay.Summary.TotalOpens);
        Assert.Equal(1, withinADay.EmailClients["Gmail"]);
        Assert.Equal([1], withinADay.Timeline.Select(p => p.Opens));
    }

    [Fact]
    public async Task Undated_hits_count_in_every_period_but_in_no_timeline()
    {
        var (account, tracking) = (NewKey(), NewKey());
        var rollup = new AnalyticsRollup();
        Open(rollup, tracking, account, null, "device:iPhone");
        await ApplyAsync(rollup);

        var report = await ReportAsync(account, tracking, Day1, Day1.AddDays(7));
        Assert.Equal(1, report.Summary.TotalOpens);
        Assert.Equal(1, report.Devices["iPhone"]);
        Assert.Equal(0, report.TimeOfDay.Sum());
        Assert.All(report.Timeline, p => Assert.Equal(0, p.Opens));
        Assert.Equal(7, report.Timeline.Count);
    }

    [Fact]
    public async Task An_account_report_adds_up_its_trackings_and_nothing_of_another_account()
    {
        var (account, other) = (NewKey(), NewKey());
        var (first, second, theirs) = (NewKey(), NewKey(), NewKey());
        var rollup = new AnalyticsRollup();
        Open(rollup, first, account, Day1.AddHours(9), "country:Germany");
        Open(rollup, second, account, Day1.AddHours(9), "country:Germany");
        Open(rollup, theirs, other, Day1.AddHours(9), "country:Germany");
        rollup.AddHit(second, account, Day1.AddHours(10), HitKind.Click, bot: true, proxy: false);
        rollup.AddRecipients(first, account, Day1.AddHours(8), created: 3);
        rollup.AddFirst(first, account, Day1.AddHours(9), HitKind.Open);
        await ApplyAsync(rollup);

        var report = await ReportAsync(account, null, Day1, Day1.AddDays(1));
        Assert.Equal(2, report.Summary.TotalOpens);
        Assert.Equal(2, report.Countries["Germany"]);
        Assert.Equal(1, report.Summary.BotClicks);
        Assert.Equal(0, report.Summary.HumanClicks);
        Assert.Equal(3, report.Summary.TotalTracks);
        Assert.Equal(1, report.Summary.UniqueOpens);
        Assert.Equal(33.3, report.Summary.OpenRate);
        Assert.Equal(2, report.TimeOfDay[9]);
    }

    private static void Open(AnalyticsRollup rollup, long tracking, long account, DateTimeOffset? at, string key)
    {
        rollup.AddHit(tracking, account, at, HitKind.Open, bot: false, proxy: false);
        rollup.AddBreakdown(tracking, account, at, key);
    }

    private Task<AnalyticsReport> ReportAsync(long account, long? tracking, DateTimeOffset from, DateTimeOffset to) =>
        Store.ReportAsync(account, tracking, new AnalyticsQuery(tracking, null, from, to, AnalyticsGrouping.Day, "UTC"));
}
