namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// The system clock, which a test can move forward: the hits a test sends right after creating a recipient are, to the
/// verdict's timing rules, as soon after the send as a scanner's; moving on makes them a person's, without waiting.
/// Timestamps and timers stay the system's.
/// </summary>
public sealed class AdvancingClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves this host's "now" on by <paramref name="by"/> (never back).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, Math.Max(0, by.Ticks));
}
