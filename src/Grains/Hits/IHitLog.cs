using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The durable hit log, the first thing a hit touches (log-first): a hit is appended once and answered only after its
/// commit. The log is also where the hits stay: once decided, a row is data (<see cref="IHitDataStore"/>).
/// </summary>
public interface IHitLog
{
    /// <summary>Completes once the hit is durably committed (group commit: many concurrent hits share one commit).</summary>
    Task AppendAsync(Hit hit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drains: accepts no more hits and commits everything already queued. If <paramref name="cancellationToken"/> fires
    /// first, the hits not yet written fail instead.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);
}
