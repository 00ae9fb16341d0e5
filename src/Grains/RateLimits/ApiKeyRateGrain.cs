using MailTracker.Accounts;
using MailTracker.RateLimits;

namespace MailTracker.Grains.RateLimits;

/// <summary>
/// An API key's requests per minute. The window lives in memory only: it is a minute long, and a grain that moved (its
/// silo died) starts a fresh one, at worst one extra minute's worth once.
/// </summary>
public sealed class ApiKeyRateGrain(TimeProvider time) : Grain, IApiKeyRateGrain
{
    /// <summary>A silo's batch is about this share of the limit: with two silos at most a few percent sit unused in the other.</summary>
    private const int BatchesPerWindow = 50;

    /// <summary>A big limit needs no bigger batches than this to keep grain calls rare.</summary>
    private const int MaxBatch = 1000;

    private readonly FixedWindow _window = new(TimeSpan.FromMinutes(1));
    private int _limit;

    public async Task<RateLease> LeaseAsync(long accountId, int? keyLimit)
    {
        // The plan is read again each minute, so a changed plan applies from the next window.
        if (_window.Roll(time.GetUtcNow()) || _limit == 0) _limit = keyLimit ?? await PlanLimitAsync(accountId);
        var left = _window.Left(_limit);
        // Smaller batches as the window runs out: what one silo holds unused near the end is what the others miss.
        var batch = Math.Min(Math.Clamp(_limit / BatchesPerWindow, 1, MaxBatch), Math.Max(1, left / 4));
        return _window.Take(_limit, batch);
    }

    private async Task<int> PlanLimitAsync(long accountId)
    {
        var account = await GrainFactory.GetGrain<IAccountGrain>(accountId).GetAsync();
        return Plans.Of(account?.Plan ?? Plans.Default).RequestsPerMinute;
    }
}
