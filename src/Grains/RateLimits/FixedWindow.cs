using MailTracker.RateLimits;

namespace MailTracker.Grains.RateLimits;

/// <summary>
/// A fixed window counter: windows are whole multiples of <paramref name="length"/> since the Unix epoch (a minute window
/// ends on the minute), so every silo and client agrees on when one ends. Kept in memory by its grain.
/// </summary>
public sealed class FixedWindow(TimeSpan length)
{
    private DateTimeOffset _end = DateTimeOffset.MinValue;
    private int _used;

    /// <summary>Moves on to the window of <paramref name="now"/>; true when a new window started.</summary>
    public bool Roll(DateTimeOffset now)
    {
        if (now < _end) return false;
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        _end = new DateTimeOffset(now.UtcTicks - sinceEpoch % length.Ticks + length.Ticks, TimeSpan.Zero);
        _used = 0;
        return true;
    }

    /// <summary>Up to <paramref name="wanted"/> of what is left of <paramref name="limit"/> in this window.</summary>
    public RateLease Take(int limit, int wanted)
    {
        var granted = Math.Clamp(limit - _used, 0, Math.Max(0, wanted));
        _used += granted;
        return new RateLease(limit, granted, Math.Max(0, limit - _used), _end);
    }

    /// <summary>What is left of <paramref name="limit"/> in this window.</summary>
    public int Left(int limit) => Math.Max(0, limit - _used);
}
