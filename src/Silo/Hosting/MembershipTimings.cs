using Orleans.Configuration;

namespace MailTracker.Silo.Hosting;

/// <summary>
/// The PostgreSQL cluster's membership timings, chosen so that a silo started after a crash of every silo serves within
/// seconds (docs/cold-restart.md has the measurements and the reasoning). Each can be overridden under <c>Orleans:Membership</c>
/// (environment: <c>Orleans__Membership__ProbeTimeout=00:00:05</c>, any <see cref="ClusterMembershipOptions"/> property).
/// </summary>
public static class MembershipTimings
{
    public const string Section = "Orleans:Membership";

    /// <summary>
    /// A joining silo validates connectivity with every row that says Active and only probes (and so can vote dead) the rows
    /// whose heartbeat is older than IAmAliveTablePublishTimeout x NumMissedTableIAmAliveLimit (Orleans: 30 s x 3, most of
    /// the 104-109 s a cold restart took). Here a row is stale 3 s after its silo's last heartbeat: one UPDATE per silo a
    /// second. A live silo whose heartbeat stalls that long is only probed more and counts less toward the vote quorum; it is
    /// never declared dead without failing its probes.
    /// </summary>
    public static readonly TimeSpan IAmAlivePeriod = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo reads the membership table, and how often a joining silo looks again for stale rows to probe (Orleans: 60 s).</summary>
    public static readonly TimeSpan TableRefreshPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The first probes' timeout and period, before a round-trip time is known: what a joining silo probes a dead silo with,
    /// three misses before its vote (Orleans: 5 s). Between live silos the timeout adapts to the measured round trips within
    /// [<see cref="MinProbeTimeout"/>, <see cref="MaxProbeTimeout"/>].
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A live silo is suspected only after three consecutive probes of at least this long went unanswered (6 s, well above a
    /// GC pause; Orleans' default minimum is half the probe timeout, 2.5 s, so this is within a second and a half of stock).
    /// </summary>
    public static readonly TimeSpan MinProbeTimeout = ProbeTimeout;

    /// <summary>
    /// Keeps the failure-detection window (this x NumMissedProbesLimit = 30 s) at least the grain directory's range lease
    /// (30 s): the directory holds a dead silo's grains for the lease minus that window, so it stays 0 as with Orleans' defaults
    /// instead of blocking every grain of the dead silos for seconds after they are declared dead.
    /// </summary>
    public static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Applies MailTracker's timings, then whatever the configuration sets under <see cref="Section"/>.</summary>
    public static ISiloBuilder ConfigureMembershipTimings(this ISiloBuilder silo, IConfiguration config)
    {
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(o =>
            {
                o.IAmAliveTablePublishTimeout = IAmAlivePeriod;
                o.TableRefreshTimeout = TableRefreshPeriod;
                o.ProbeTimeout = ProbeTimeout;
                o.MinProbeTimeout = MinProbeTimeout;
                o.MaxProbeTimeout = MaxProbeTimeout;
            })
            .Bind(config.GetSection(Section));
        return silo;
    }
}
