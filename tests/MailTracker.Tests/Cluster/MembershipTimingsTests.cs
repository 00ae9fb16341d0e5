using MailTracker.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MailTracker.Tests.Cluster;

/// <summary>The membership timings a PostgreSQL silo runs with: MailTracker's, unless the operator sets <c>Orleans__Membership__…</c>.</summary>
public sealed class MembershipTimingsTests
{
    [Fact]
    public void A_silo_runs_with_the_cold_restart_timings_by_default()
    {
        var options = Effective([]);

        // A dead silo's row is stale 3 s after its last heartbeat; probes of 2 s, three missed before a vote.
        Assert.Equal(TimeSpan.FromSeconds(3), options.IAmAliveTablePublishTimeout * options.NumMissedTableIAmAliveLimit);
        Assert.Equal(TimeSpan.FromSeconds(1), options.TableRefreshTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MinProbeTimeout);
        Assert.Equal(3, options.NumMissedProbesLimit);
        // The failure-detection window covers the directory's 30 s range lease: no hold on a dead silo's grains.
        Assert.True(options.MaxProbeTimeout * options.NumMissedProbesLimit >= new GrainDirectoryOptions().RangeLeaseDuration);
    }

    [Fact]
    public void Every_timing_can_be_overridden_by_configuration()
    {
        var options = Effective(new Dictionary<string, string?>
        {
            ["Orleans:Membership:ProbeTimeout"] = "00:00:05",
            ["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:30",
            ["Orleans:Membership:NumMissedProbesLimit"] = "4",
        });

        Assert.Equal(TimeSpan.FromSeconds(5), options.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.IAmAliveTablePublishTimeout);
        Assert.Equal(4, options.NumMissedProbesLimit);
        // The bounds of the adaptive timeout follow the probe timeout set; what is not set keeps MailTracker's value.
        Assert.Equal(TimeSpan.FromSeconds(5), options.MinProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(25), options.MaxProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.TableRefreshTimeout);
    }

    [Fact]
    public void A_timing_that_is_no_duration_stops_the_start_with_the_setting_named()
    {
        var error = Assert.Throws<StartupException>(() => Effective(new Dictionary<string, string?> { ["Orleans:Membership:ProbeTimeout"] = "two seconds" }));

        Assert.Contains("Orleans:Membership:ProbeTimeout", error.Message);
        Assert.Contains("two seconds", error.Message);
    }

    private static ClusterMembershipOptions Effective(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.UseLocalhostClustering().ConfigureMembershipTimings());
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
    }
}
