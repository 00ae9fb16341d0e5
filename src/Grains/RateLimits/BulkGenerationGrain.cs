using MailTracker.Accounts;
using MailTracker.RateLimits;

namespace MailTracker.Grains.RateLimits;

/// <summary>An account's bulk recipient generations, one grain call per generation (a few a minute at most), so exact cluster-wide.</summary>
public sealed class BulkGenerationGrain(TimeProvider time) : Grain, IBulkGenerationGrain
{
    private readonly FixedWindow _window = new(Plans.BulkGenerations.Window);

    public Task<RateLease> AcquireAsync()
    {
        _window.Roll(time.GetUtcNow());
        return Task.FromResult(_window.Take(Plans.BulkGenerations.Requests, 1));
    }
}
