using MailTracker.RateLimits;
using Microsoft.Extensions.Logging;

namespace MailTracker.Api.RateLimits;

/// <summary>
/// One silo's share of an API key's current minute: a batch leased from the key's grain, spent locally, refilled in the
/// background before it runs out. A request waits for the grain only when the batch is empty (the first of a minute, or a
/// small limit); once the grain says the minute is used up, requests are refused here until it ends.
/// </summary>
public sealed class KeyAllowance(IApiKeyRateGrain grain, long accountId, int? keyLimit, ILogger logger)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _limit;
    private int _local;
    private int _lowWater;
    private int _grainRemaining;
    private bool _windowUsedUp;
    private Task? _refill;

    public async ValueTask<RateDecision> TakeAsync(TimeProvider time)
    {
        var refilled = false;
        while (true)
        {
            Task pending;
            lock (_gate)
            {
                // The batch was of a minute that is over; not right after a refill, so that a silo whose clock runs ahead of
                // the grain's silo uses what it was given instead of asking again until the clocks agree.
                if (!refilled && time.GetUtcNow() >= _windowEnd)
                {
                    _local = 0;
                    _windowUsedUp = false;
                }
                if (_local > 0)
                {
                    _local--;
                    if (_local <= _lowWater && !_windowUsedUp && _refill is null) StartBackgroundRefill();
                    return new RateDecision(true, _limit, _grainRemaining + _local, _windowEnd);
                }
                if (_windowUsedUp) return new RateDecision(false, _limit, 0, _windowEnd);
                pending = _refill ??= Task.Run(RefillAsync);
            }
            // Failures reach the request (the one exception handler answers 503); the next request tries again.
            await pending;
            refilled = true;
        }
    }

    private void StartBackgroundRefill()
    {
        _refill = Task.Run(RefillAsync);
        _refill.ContinueWith(t => logger.LogWarning(t.Exception, "Refilling an API key's rate batch failed; the next request retries."),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>Run off the caller's lock (Task.Run), so that its completion can take the lock.</summary>
    private async Task RefillAsync()
    {
        try
        {
            var lease = await grain.LeaseAsync(accountId, keyLimit);
            lock (_gate)
            {
                if (lease.WindowEnd != _windowEnd)
                {
                    _windowEnd = lease.WindowEnd;
                    _local = 0;
                }
                _limit = lease.Limit;
                _local += lease.Granted;
                _lowWater = lease.Granted / 2;
                _grainRemaining = lease.Remaining;
                _windowUsedUp = lease.Remaining == 0;
            }
        }
        finally
        {
            lock (_gate) _refill = null;
        }
    }
}
