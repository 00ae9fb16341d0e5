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
    /// three misses before its vote (Orleans: 5 s). Between live silos the timeout adapts to the measured round trips, within
    /// [<see cref="MinProbeTimeouts"/>, <see cref="MaxProbeTimeouts"/>] probe timeouts.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Unless set, a live silo is suspected only after three consecutive probes of at least the probe timeout went unanswered
    /// (6 s, well above a GC pause; Orleans lets the adaptive timeout fall to half the probe timeout, 2.5 s by default).
    /// </summary>
    private const int MinProbeTimeouts = 1;

    /// <summary>
    /// Unless set, the adaptive timeout may grow to this many probe timeouts (Orleans: 4). It keeps the failure-detection window
    /// (MaxProbeTimeout x NumMissedProbesLimit, 30 s) at least the grain directory's range lease (30 s): the directory holds a
    /// dead silo's grains for the lease minus that window, so the hold stays 0 as with Orleans' defaults instead of blocking
    /// every grain of the dead silos for seconds after they are declared dead.
    /// </summary>
    private const int MaxProbeTimeouts = 5;

    /// <summary>Applies MailTracker's timings, then whatever the configuration sets under <see cref="Section"/>.</summary>
    public static ISiloBuilder ConfigureMembershipTimings(this ISiloBuilder silo)
    {
        var section = silo.Configuration.GetSection(Section);
        // Once now, so that a value that is no duration or number stops the start with one line, not a stack trace later.
        Apply(new ClusterMembershipOptions(), section);
        silo.Services.Configure<ClusterMembershipOptions>(o => Apply(o, section));
        return silo;
    }

    private static void Apply(ClusterMembershipOptions options, IConfigurationSection section)
    {
        options.IAmAliveTablePublishTimeout = IAmAlivePeriod;
        options.TableRefreshTimeout = TableRefreshPeriod;
        options.ProbeTimeout = ProbeTimeout;
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new StartupException($"{e.Message} (set as Orleans__Membership__<Name>, e.g. Orleans__Membership__ProbeTimeout=00:00:05).");
        }
        // Relative to the probe timeout in force, so that setting only that one keeps the bounds Orleans checks valid.
        if (section[nameof(ClusterMembershipOptions.MinProbeTimeout)] is null) options.MinProbeTimeout = options.ProbeTimeout * MinProbeTimeouts;
        if (section[nameof(ClusterMembershipOptions.MaxProbeTimeout)] is null) options.MaxProbeTimeout = options.ProbeTimeout * MaxProbeTimeouts;
    }
}
